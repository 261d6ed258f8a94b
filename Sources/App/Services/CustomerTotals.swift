import Fluent
import Foundation
import SQLKit

/// A customer's order totals, recomputed from its orders inside the transaction that changed them (with
/// the customer row locked), so they always equal what the orders say — concurrent writers included.
struct CustomerTotals: Equatable {
    var orders = 0
    var spentMinor: Int64 = 0
    var firstOrderAt: Date?
    var lastOrderAt: Date?

    /// Recounts and stores the totals; the organization's counters take the difference.
    @discardableResult
    static func refresh(customerID: UUID, organization: Organization, on db: any Database) async throws -> CustomerTotals {
        let sql = db as! any SQLDatabase
        let organizationID = try organization.requireID()
        let beforeRow = try await sql.raw("""
            SELECT total_orders FROM customers WHERE id = \(bind: customerID) AND organization_id = \(bind: organizationID)
            """).first()
        let before = try beforeRow?.decode(column: "total_orders", as: Int.self) ?? 0
        let row = try await sql.raw("""
            SELECT COUNT(*) AS n,
                   CAST(COALESCE(SUM(CASE WHEN currency = \(bind: organization.currency) THEN amount_minor ELSE 0 END), 0) AS BIGINT) AS spent,
                   MIN(placed_at) AS first_at, MAX(placed_at) AS last_at
            FROM orders
            WHERE organization_id = \(bind: organizationID) AND customer_id = \(bind: customerID)
              AND status <> 'cancelled' AND payment_status NOT IN ('refunded', 'failed')
            """).first()
        var totals = CustomerTotals()
        if let row {
            totals.orders = try row.decode(column: "n", as: Int.self)
            totals.spentMinor = try row.decode(column: "spent", as: Int64.self)
            totals.firstOrderAt = try row.decode(column: "first_at", as: Date?.self)
            totals.lastOrderAt = try row.decode(column: "last_at", as: Date?.self)
        }
        try await sql.raw("""
            UPDATE customers SET total_orders = \(bind: totals.orders), visits = \(bind: totals.orders),
                total_spent_minor = \(bind: totals.spentMinor), first_order_at = \(bind: totals.firstOrderAt),
                last_order_at = \(bind: totals.lastOrderAt)
            WHERE id = \(bind: customerID) AND organization_id = \(bind: organizationID)
            """).run()
        let ordering = (totals.orders > 0 ? 1 : 0) - (before > 0 ? 1 : 0)
        let repeating = (totals.orders > 1 ? 1 : 0) - (before > 1 ? 1 : 0)
        if ordering != 0 || repeating != 0 {
            try await OrganizationCounters(database: db).add(organizationID, orderingCustomers: ordering, repeatCustomers: repeating)
        }
        return totals
    }

    func apply(to customer: Customer) {
        customer.totalOrders = orders
        customer.visits = orders
        customer.totalSpentMinor = spentMinor
        customer.firstOrderAt = firstOrderAt
        customer.lastOrderAt = lastOrderAt
    }
}
