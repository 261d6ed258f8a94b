import ClienteleStore
import Fluent
import Foundation
import SQLKit

/// Every change of a customer's points, inside the caller's transaction: the customer's row is locked first (as order
/// totals lock it), the new balance is checked and stored, the entry is written with `balance_after`, and spending
/// uses up the oldest unspent grants. So `loyalty_points` always equals the ledger's sum and the unspent grants'
/// `remaining`, and never goes below zero, whatever runs at the same time.
struct LoyaltyLedger {
    let database: any Database
    let organizationID: UUID
    let program: LoyaltyProgram
    /// Who moves the points: a user, or nil for the system (scheduled jobs).
    let actor: Actor?

    /// One movement of points.
    struct Posting: Sendable {
        var kind: LoyaltyEntryKind
        /// Signed: positive grants, negative spends.
        var points: Int
        var reason: String?
        var orderID: UUID?
        var rewardID: UUID?
        /// A bonus given once per key (`signup`, `birthday:2026`): a second posting with the key writes nothing.
        var bonusKey: String?
        /// A negative posting that takes what there is instead of failing (reversal, expiry): never below zero.
        var clampAtZero = false
        /// A grant to spend before the oldest (a reversal takes back the points of the order's own earn entry first).
        var spendingFirst: UUID?
    }

    enum Refusal: Error, Equatable {
        case customerNotFound
        case insufficient(balance: Int)
        case aboveMaximum(balance: Int)
    }

    /// Locks the customer's row until the transaction ends and answers its balance; nil when it does not exist.
    func lockBalance(of customerID: UUID) async throws -> Int? {
        let row = try await SQLRows.first("""
            UPDATE customers SET version = version WHERE id = \(bind: customerID) AND organization_id = \(bind: organizationID)
            RETURNING loyalty_points
            """, on: try database.sql)
        return try row?.decode(column: "loyalty_points", as: Int.self)
    }

    /// Writes `posting` for the customer and answers its entry; nil when there was nothing to write (a clamped spend of
    /// a zero balance, or a bonus the customer already got).
    @discardableResult
    func post(_ posting: Posting, to customerID: UUID, at now: Date = Date()) async throws -> LoyaltyEntry? {
        if posting.bonusKey == nil, !posting.clampAtZero, posting.points != 0 {
            return try await postInOneStatement(posting, to: customerID, at: now)
        }
        guard let balance = try await lockBalance(of: customerID) else { throw Refusal.customerNotFound }
        if let key = posting.bonusKey, try await hasBonus(key, customerID: customerID) { return nil }
        var points = posting.points
        if points < 0 && -points > balance {
            guard posting.clampAtZero else { throw Refusal.insufficient(balance: balance) }
            points = -balance
        }
        guard points != 0 else { return nil }
        let after = balance + points
        guard after <= LoyaltyProgram.maxBalance else { throw Refusal.aboveMaximum(balance: balance) }
        try await SQLRows.run("""
            UPDATE customers SET loyalty_points = \(bind: after), loyalty_member = \(bind: true) WHERE id = \(bind: customerID) AND organization_id = \(bind: organizationID)
            """, on: try database.sql)
        return try await write(posting, points: points, after: after, to: customerID, at: now)
    }

    /// A posting that either applies whole or is refused: the balance is checked and changed by one conditional
    /// `UPDATE`, which locks the row as it writes it (earning, redeeming, adjusting — the common case, one statement
    /// fewer). Only a refused one reads the row again, to say why.
    private func postInOneStatement(_ posting: Posting, to customerID: UUID, at now: Date) async throws -> LoyaltyEntry? {
        let points = posting.points
        let row = try await SQLRows.first("""
            UPDATE customers SET loyalty_points = loyalty_points + \(bind: points), loyalty_member = \(bind: true)
            WHERE id = \(bind: customerID) AND organization_id = \(bind: organizationID)
            AND loyalty_points + \(bind: points) >= 0 AND loyalty_points + \(bind: points) <= \(bind: LoyaltyProgram.maxBalance)
            RETURNING loyalty_points
            """, on: try database.sql)
        guard let row else {
            guard let balance = try await lockBalance(of: customerID) else { throw Refusal.customerNotFound }
            throw points < 0 ? Refusal.insufficient(balance: balance) : Refusal.aboveMaximum(balance: balance)
        }
        return try await write(posting, points: points, after: try row.decode(column: "loyalty_points", as: Int.self),
                               to: customerID, at: now)
    }

    /// The entry of a posting whose balance was stored, and the grants it spends.
    private func write(_ posting: Posting, points: Int, after: Int, to customerID: UUID, at now: Date) async throws -> LoyaltyEntry {
        let entry = LoyaltyEntry(organizationID: organizationID, customerID: customerID, kind: posting.kind, points: points,
                                 balanceAfter: after, reason: posting.reason, orderID: posting.orderID, rewardID: posting.rewardID,
                                 bonusKey: posting.bonusKey, actor: actor, program: program, at: now)
        try await entry.insertRow().run(on: database)
        if points < 0 { try await spend(-points, of: customerID, first: posting.spendingFirst) }
        return entry
    }

    private func hasBonus(_ key: String, customerID: UUID) async throws -> Bool {
        try await SQLRows.first("""
            SELECT 1 AS found FROM loyalty_entries WHERE organization_id = \(bind: organizationID) AND customer_id = \(bind: customerID)
            AND bonus_key = \(bind: key) LIMIT 1
            """, on: try database.sql) != nil
    }

    /// Takes `amount` points off the customer's unspent grants: `first` (when given), then the oldest.
    private func spend(_ amount: Int, of customerID: UUID, first: UUID?) async throws {
        let sql = try database.sql
        var left = amount
        if let first {
            let row = try await SQLRows.first("""
                SELECT remaining FROM loyalty_entries WHERE organization_id = \(bind: organizationID) AND id = \(bind: first)
                AND customer_id = \(bind: customerID)
                """, on: sql)
            let remaining = try row?.decode(column: "remaining", as: Int.self) ?? 0
            if remaining > 0 {
                let take = min(left, remaining)
                try await SQLRows.run("UPDATE loyalty_entries SET remaining = \(bind: remaining - take) WHERE organization_id = \(bind: organizationID) AND id = \(bind: first)", on: sql)
                left -= take
            }
        }
        while left > 0 {
            let grants = try await SQLRows.all("""
                SELECT id, remaining FROM loyalty_entries
                WHERE organization_id = \(bind: organizationID) AND customer_id = \(bind: customerID) AND remaining > 0
                ORDER BY seq LIMIT 64
                """, on: sql)
            guard !grants.isEmpty else { return }
            for grant in grants where left > 0 {
                let id = try grant.decode(column: "id", as: UUID.self)
                let remaining = try grant.decode(column: "remaining", as: Int.self)
                let take = min(left, remaining)
                try await SQLRows.run("UPDATE loyalty_entries SET remaining = \(bind: remaining - take) WHERE organization_id = \(bind: organizationID) AND id = \(bind: id)", on: sql)
                left -= take
            }
        }
    }
}

extension LoyaltyLedger.Refusal {
    /// The answer a client gets.
    var problem: Problem {
        switch self {
        case .customerNotFound: .notFound("customer")
        case let .insufficient(balance): .conflict("The balance (\(balance) points) is too low for this", field: "points")
        case let .aboveMaximum(balance):
            .conflict("A balance may hold at most \(LoyaltyProgram.maxBalance) points (it has \(balance))", field: "points")
        }
    }
}
