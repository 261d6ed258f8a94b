import FluentKit
import SQLKit

/// The consent filters of segments (customers who agreed to email or SMS marketing, by insertion order: a small
/// group drives a page from its own index on SQLite), and the statistics page's weekly charts: the orders that count (neither cancelled nor refunded or failed, as in a
/// customer's totals) by the time placed, with the customer, so a week's orders and its customers' orders are counted
/// from the index alone; and customers by the time of their first such order.
struct CreateWeeklyStatsIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = try database.sql
        // SQLite reads a partial index for `x = 1` only when the index says the same; PostgreSQL's booleans are tests.
        let yes = SQLDialectKind(database) == .postgres ? "" : " = 1"
        for channel in ["email", "sms"] {
            try await sql.raw("""
                CREATE INDEX customers_org_\(unsafeRaw: channel)_opted_in_idx ON customers (organization_id, seq)
                WHERE \(unsafeRaw: channel)_opt_in\(unsafeRaw: yes)
                """).run()
        }
        try await sql.raw("""
            CREATE INDEX orders_org_placed_idx ON orders (organization_id, placed_at, customer_id)
            WHERE status <> 'cancelled' AND payment_status NOT IN ('refunded', 'failed')
            """).run()
        try await sql.raw("""
            CREATE INDEX customers_org_first_order_idx ON customers (organization_id, first_order_at) WHERE first_order_at IS NOT NULL
            """).run()
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql
        try await sql.raw("DROP INDEX customers_org_first_order_idx").run()
        try await sql.raw("DROP INDEX orders_org_placed_idx").run()
        for channel in ["email", "sms"] { try await sql.raw("DROP INDEX customers_org_\(unsafeRaw: channel)_opted_in_idx").run() }
    }
}
