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

    /// Locks the customer's row until the transaction ends and answers its order count as stored: the "before"
    /// of a `refresh` in the same transaction. A customer deleted or erased meanwhile answers 404: nothing may be
    /// written for it.
    static func lock(_ customer: Customer, on db: any Database) async throws -> Int {
        let row = try await SQLRows.first("""
            UPDATE customers SET version = version WHERE id = \(bind: customer.requireID())
            AND organization_id = \(bind: customer.organizationID) RETURNING total_orders
            """, on: try db.sql)
        guard let row else { throw Problem.notFound("customer") }
        return try row.decode(column: "total_orders", as: Int.self)
    }

    /// Recounts and stores the totals in one statement; the organization's counters take the difference.
    /// `before` is the stored order count when the caller locked the row already (see `lock`).
    @discardableResult
    static func refresh(customerID: UUID, organization: Organization, before known: Int? = nil,
                        on db: any Database) async throws -> CustomerTotals {
        let sql = try db.sql
        let organizationID = try organization.requireID()
        var before = known ?? 0
        if known == nil {
            let row = try await SQLRows.first("""
                SELECT total_orders FROM customers WHERE id = \(bind: customerID) AND organization_id = \(bind: organizationID)
                """, on: sql)
            before = try row?.decode(column: "total_orders", as: Int.self) ?? 0
        }
        let row = try await SQLRows.first("""
            UPDATE customers SET (total_orders, visits, total_spent_minor, first_order_at, last_order_at) = (
                SELECT COUNT(*), COUNT(*),
                       CAST(COALESCE(SUM(CASE WHEN currency = \(bind: organization.currency) THEN amount_minor ELSE 0 END), 0) AS BIGINT),
                       MIN(placed_at), MAX(placed_at)
                FROM orders
                WHERE organization_id = \(bind: organizationID) AND customer_id = \(bind: customerID)
                  AND status <> 'cancelled' AND payment_status NOT IN ('refunded', 'failed'))
            WHERE id = \(bind: customerID) AND organization_id = \(bind: organizationID)
            RETURNING total_orders, total_spent_minor, first_order_at, last_order_at
            """, on: sql)
        var totals = CustomerTotals()
        if let row {
            totals.orders = try row.decode(column: "total_orders", as: Int.self)
            totals.spentMinor = try row.decode(column: "total_spent_minor", as: Int64.self)
            totals.firstOrderAt = try row.decode(column: "first_order_at", as: Date?.self)
            totals.lastOrderAt = try row.decode(column: "last_order_at", as: Date?.self)
        }
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
