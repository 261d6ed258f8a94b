import Fluent
import Foundation
import SQLKit

/// The rows that keep a deleted customer's history without the person: its orders, tasks, loyalty entries and gift
/// cards stay, their `customer_id` set to NULL.
///
/// On SQLite the foreign keys do it (`ON DELETE SET NULL`). On PostgreSQL they no longer can: each foreign key between
/// tenant tables includes `organization_id` (migration 0030, `docs/citus.md`), and Citus refuses `ON DELETE SET NULL`
/// on such a key. So every `DELETE FROM customers` (a delete, a merge, an erasure) releases them first, in its
/// transaction; a path that forgot would fail on PostgreSQL with a foreign key violation rather than lose rows.
enum CustomerReferences {
    /// The tables whose `customer_id` a deleted customer leaves NULL.
    static let nulledOnDelete = ["orders", "tasks", "loyalty_entries", "gift_cards"]

    static func release(_ customerID: UUID, organizationID: UUID, on database: any Database) async throws {
        guard SQLDialectKind(database) == .postgres else { return }
        let sql = try database.sql
        // The customer's row lock first: an order or task being written for it holds a share of it until it commits,
        // so the updates below see that row too (the foreign key's own check would otherwise find it after them).
        try await SQLRows.run("""
            SELECT 1 FROM customers WHERE organization_id = \(bind: organizationID) AND id = \(bind: customerID) FOR UPDATE
            """, on: sql)
        for table in nulledOnDelete {
            try await SQLRows.run("""
                UPDATE \(ident: table) SET customer_id = NULL
                WHERE organization_id = \(bind: organizationID) AND customer_id = \(bind: customerID)
                """, on: sql)
        }
    }
}
