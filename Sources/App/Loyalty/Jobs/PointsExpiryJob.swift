import ClienteleStore
import Fluent
import Foundation
import SQLKit

/// Expiry: earned and bonus points not spent `expiry_days` after they were granted are written off with one `expire`
/// entry per customer and run. Customers are taken a batch at a time, their rows locked first (so a redemption running
/// at the same time either went before, and spent those points, or waits), then what is left of their expired grants
/// is summed, taken off, and the grants are closed — a few multi-row statements per batch, however many entries.
/// Running it twice changes nothing the second time: closed grants have nothing left.
struct PointsExpiryJob {
    static let name = "expiry"
    static let batchSize = 500

    let database: any Database

    struct Outcome: Sendable {
        var customers = 0
        var points = 0
    }

    func run(for organizationID: UUID, now: Date, progress: (Outcome) -> Void = { _ in }) async throws -> Outcome {
        var outcome = Outcome()
        while true {
            let candidates = try await SQLRows.all("""
                SELECT DISTINCT customer_id FROM loyalty_entries
                WHERE organization_id = \(bind: organizationID) AND remaining > 0 AND expires_at IS NOT NULL
                AND expires_at <= \(bind: now) AND customer_id IS NOT NULL
                LIMIT \(literal: Self.batchSize)
                """, on: try database.sql)
            guard !candidates.isEmpty else { return outcome }
            let ids = try candidates.map { try $0.decode(column: "customer_id", as: UUID.self) }
            let batch = try await WriteTransaction.run(on: database, rerunnable: true) { db in
                try await Self.expire(ids, organizationID: organizationID, now: now, on: db)
            }
            outcome.customers += batch.customers
            outcome.points += batch.points
            progress(outcome)
        }
    }

    private static func expire(_ ids: [UUID], organizationID: UUID, now: Date, on db: any Database) async throws -> Outcome {
        let sql = try db.sql
        // The customers' rows first: every other writer of their points locks the same row before touching the ledger.
        let locked = try await SQLRows.all("""
            UPDATE customers SET version = version WHERE organization_id = \(bind: organizationID) AND id IN (\(binds: ids))
            RETURNING id, loyalty_points
            """, on: sql)
        var balances: [UUID: Int] = [:]
        for row in locked { balances[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "loyalty_points", as: Int.self) }
        let sums = try await SQLRows.all("""
            SELECT customer_id, CAST(SUM(remaining) AS BIGINT) AS points FROM loyalty_entries
            WHERE organization_id = \(bind: organizationID) AND customer_id IN (\(binds: ids)) AND remaining > 0
            AND expires_at IS NOT NULL AND expires_at <= \(bind: now)
            GROUP BY customer_id
            """, on: sql)
        var entries: [RowInsert] = []
        var changes: [(UUID, Int)] = []
        var outcome = Outcome()
        for row in sums {
            let id = try row.decode(column: "customer_id", as: UUID.self)
            guard let balance = balances[id] else { continue }
            let points = min(try row.decode(column: "points", as: Int.self), balance)
            guard points > 0 else { continue }
            changes.append((id, balance - points))
            entries.append(LoyaltyEntry(organizationID: organizationID, customerID: id, kind: .expire, points: -points,
                                        balanceAfter: balance - points, reason: "expired", createdAt: now).insertRow())
            outcome.customers += 1
            outcome.points += points
        }
        if !changes.isEmpty {
            var values: SQLQueryString = ""
            for (index, (id, balance)) in changes.enumerated() {
                values = values + (index == 0 ? "" : ", ") + "(\(bind: id), \(bind: balance))"
            }
            try await SQLRows.run("WITH v (id, points) AS (VALUES " + values + ") " + """
                UPDATE customers SET loyalty_points = (SELECT v.points FROM v WHERE v.id = customers.id)
                WHERE organization_id = \(bind: organizationID) AND id IN (SELECT v.id FROM v)
                """, on: sql)
            try await RowInsert.run(entries, on: db)
        }
        // Close the expired grants, also of customers deleted meanwhile (nothing to write off for them).
        try await SQLRows.run("""
            UPDATE loyalty_entries SET remaining = 0
            WHERE organization_id = \(bind: organizationID) AND customer_id IN (\(binds: ids)) AND remaining > 0
            AND expires_at IS NOT NULL AND expires_at <= \(bind: now)
            """, on: sql)
        return outcome
    }
}
