import Fluent
import Foundation

/// Keeps `customer_tags` equal to the customer's tags, for filtering.
struct CustomerTags {
    let database: any Database
    let tenant: Tenant

    func replace(for customer: Customer, with tags: [String], isNew: Bool = false) async throws {
        let id = try customer.requireID()
        if !isNew { try await tenant.query(CustomerTag.self, on: database).filter(\.$customerID == id).delete() }
        try await RowInsert.run(Self.rows(organizationID: tenant.organizationID, customerID: id, tags: tags), on: database)
    }

    /// The `customer_tags` rows of one customer's tags, not yet written.
    static func rows(organizationID: UUID, customerID: UUID, tags: [String]) -> [RowInsert] {
        tags.map { tag in
            var row = RowInsert(into: CustomerTag.schema)
            row.set("id", UUID.timeOrdered())
            row.set("organization_id", organizationID)
            row.set("customer_id", customerID)
            row.set("tag_key", tag.lowercased())
            return row
        }
    }
}
