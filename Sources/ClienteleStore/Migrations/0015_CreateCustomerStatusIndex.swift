import FluentKit
import SQLKit

/// Customers by status: counts a status filter from the index, and drives a list filtered by a rare status
/// (`blocked`) instead of walking every customer of the organization to find a page of them.
struct CreateCustomerStatusIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await SchemaIndex.create("customers_org_status_idx", on: "customers",
                                     columns: ["organization_id", "status", "seq"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await (try database.sql).drop(index: "customers_org_status_idx").run()
    }
}
