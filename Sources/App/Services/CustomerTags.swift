import Fluent
import Foundation

/// Keeps `customer_tags` equal to the customer's tags, for filtering.
struct CustomerTags {
    let database: any Database
    let tenant: Tenant

    func replace(for customer: Customer, with tags: [String], isNew: Bool = false) async throws {
        let id = try customer.requireID()
        if !isNew { try await tenant.query(CustomerTag.self, on: database).filter(\.$customerID == id).delete() }
        for tag in tags {
            var row = RowInsert(into: CustomerTag.schema)
            row.set("id", UUID.random())
            row.set("organization_id", tenant.organizationID)
            row.set("customer_id", id)
            row.set("tag_key", tag.lowercased())
            try await row.run(on: database)
        }
    }
}
