import FluentKit
import SQLKit

/// The statistics page's weekly charts: the orders that count (neither cancelled nor refunded or failed, as in a
/// customer's totals) by the time placed, with the customer, so a week's orders and its customers' orders are counted
/// from the index alone; and customers by the time of their first such order.
struct CreateWeeklyStatsIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = try database.sql
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
    }
}
