import FluentKit
import SQLKit

/// An index led by `customer_id` on each table whose rows reference a customer: deleting a customer (a merge, a delete,
/// an erasure) makes the database look up its referencing rows for `ON DELETE`, and without such an index SQLite scans
/// the whole table — half a second per deleted customer with a million orders (measured by `benchmarks/cleanup.py`).
/// The existing indexes start with `organization_id`, or are partial (`addresses_one_default_idx`).
struct IndexCustomerReferences: AsyncMigration {
    static let tables = ["orders", "tasks", "notifications", "loyalty_entries", "gift_cards", "addresses"]

    func prepare(on database: any Database) async throws {
        let sql = try database.sql
        for table in Self.tables {
            try await sql.raw("CREATE INDEX \(unsafeRaw: table)_customer_ref_idx ON \(unsafeRaw: table) (customer_id)").run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql
        for table in Self.tables { try await sql.raw("DROP INDEX \(unsafeRaw: table)_customer_ref_idx").run() }
    }
}
