import Fluent
import SQLKit
import Foundation

/// Keeps `customer_tags` equal to the customer's tags, for filtering.
struct CustomerTags {
    let database: any Database
    let tenant: Tenant

    func replace(for customer: Customer, with tags: [String], isNew: Bool = false) async throws {
        let id = try customer.requireID()
        if !isNew {
            // By the customer's own key (`customer_tags_customer_tag_key`): the organization's tag index would be read
            // whole, every tag row of the organization (`SQLDialectKind.byKey`).
            try await SQLRows.run("DELETE FROM customer_tags WHERE " + SQLDialectKind(database).byKey()
                                  + " = \(bind: tenant.organizationID) AND customer_id = \(bind: id)", on: try database.sql)
        }
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
