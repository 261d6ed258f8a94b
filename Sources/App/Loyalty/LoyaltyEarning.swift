import ClienteleStore
import Fluent
import Foundation
import SQLKit

/// Points from orders, decided in the order's own transaction after it was written (the customer's row is locked by
/// then, so two writers of one order take turns): a registered customer's order earns `floor(amount ×
/// points_per_unit)` once when it becomes paid, in the organization's currency, while the programme is on; an order
/// that earned and is then refunded, cancelled or failed has its points taken back (`reversal`, never below zero).
/// What the order earned and still holds is on the order (`orders.loyalty_points`), read fresh here, so a retried or
/// replayed write never earns twice.
struct LoyaltyEarning {
    let database: any Database
    let organization: Organization
    let actor: Actor?

    /// `wasPaid`: whether the order was paid before this write (false for a new order). Answers the points the order
    /// holds now.
    @discardableResult
    func settle(orderID: UUID, wasPaid: Bool, at now: Date = Date()) async throws -> Int {
        let organizationID = try organization.requireID()
        let sql = try database.sql
        guard let row = try await SQLRows.first("""
            SELECT customer_id, number, status, payment_status, amount_minor, currency, earns_loyalty, loyalty_points
            FROM orders WHERE organization_id = \(bind: organizationID) AND id = \(bind: orderID)
            """, on: sql) else { return 0 }
        let held = try row.decode(column: "loyalty_points", as: Int.self)
        let status = try row.decode(column: "status", as: String.self)
        let payment = try row.decode(column: "payment_status", as: String.self)
        let number = try row.decode(column: "number", as: String.self)
        let paid = payment == PaymentStatus.paid.rawValue && status != OrderStatus.cancelled.rawValue
        let program = organization.loyaltyProgram
        let ledger = LoyaltyLedger(database: database, organizationID: organizationID, program: program, actor: actor)

        if held > 0 && !paid {
            // The points go back from whoever earned them (the order may have been moved to another customer since).
            guard let earned = try await SQLRows.first("""
                SELECT id, customer_id FROM loyalty_entries WHERE organization_id = \(bind: organizationID)
                AND order_id = \(bind: orderID) AND kind = 'earn' ORDER BY seq DESC LIMIT 1
                """, on: sql), let customerID = try earned.decode(column: "customer_id", as: UUID?.self) else {
                try await setHeld(0, orderID: orderID, organizationID: organizationID)
                return 0
            }
            // Not paid: cancelled, or a payment status other than paid (refunded, failed, pending).
            let why = status == OrderStatus.cancelled.rawValue ? "cancelled" : payment
            try await ledger.post(.init(kind: .reversal, points: -held, reason: "order \(number) \(why)", orderID: orderID,
                                        clampAtZero: true, spendingFirst: try earned.decode(column: "id", as: UUID.self)),
                                  to: customerID, at: now)
            try await setHeld(0, orderID: orderID, organizationID: organizationID)
            return 0
        }
        guard held == 0, paid, !wasPaid, program.enabled,
              try row.decode(column: "earns_loyalty", as: Bool.self),
              let customerID = try row.decode(column: "customer_id", as: UUID?.self),
              try row.decode(column: "currency", as: String.self) == organization.currency
        else { return held }
        let points = try await earn(try row.decode(column: "amount_minor", as: Int64.self), number: number, orderID: orderID,
                                    customerID: customerID, ledger: ledger, at: now)
        if points > 0 { try await setHeld(points, orderID: orderID, organizationID: organizationID) }
        return points
    }

    /// The points a new order earns, written before the order itself in its transaction (its customer's row is locked
    /// by then): no order row to read back or update afterwards. Answers the points the order holds.
    func earnNew(_ order: Order, at now: Date = Date()) async throws -> Int {
        let program = organization.loyaltyProgram
        guard program.enabled, order.earnsLoyalty, let customerID = order.customerID,
              order.paymentStatus == PaymentStatus.paid.rawValue, order.status != OrderStatus.cancelled.rawValue,
              order.currency == organization.currency else { return 0 }
        let ledger = LoyaltyLedger(database: database, organizationID: try organization.requireID(), program: program, actor: actor)
        return try await earn(order.amountMinor, number: order.number, orderID: try order.requireID(), customerID: customerID,
                              ledger: ledger, at: now)
    }

    /// The `earn` entry of an order that may earn: floor(amount × rate) points, none at a balance's ceiling (the order
    /// itself stands). Answers the points earned.
    private func earn(_ amountMinor: Int64, number: String, orderID: UUID, customerID: UUID, ledger: LoyaltyLedger,
                      at now: Date) async throws -> Int {
        let points = ledger.program.points(forAmountMinor: amountMinor)
        guard points > 0 else { return 0 }
        do {
            return try await ledger.post(.init(kind: .earn, points: points, reason: "order \(number)", orderID: orderID),
                                         to: customerID, at: now)?.points ?? 0
        } catch LoyaltyLedger.Refusal.aboveMaximum {
            return 0
        }
    }

    private func setHeld(_ points: Int, orderID: UUID, organizationID: UUID) async throws {
        try await SQLRows.run("""
            UPDATE orders SET loyalty_points = \(bind: points) WHERE organization_id = \(bind: organizationID) AND id = \(bind: orderID)
            """, on: try database.sql)
    }
}
