import ClienteleStore
import Fluent
import Foundation
import SQLKit

/// Expiry: earned and bonus points not spent `expiry_days` after they were granted are written off with an `expire`
/// entry per customer and batch. The expired grants are read a batch at a time along their index (oldest expiry
/// first); then, in one transaction, their customers' rows are locked (so a redemption running at the same time either
/// went before, and spent those points, or waits), the grants are read again by id for what is left of them, that is
/// taken off the balances, and the grants are closed — a few multi-row statements by key per batch, however large the
/// organization. Running it twice changes nothing the second time: closed grants have nothing left.
struct PointsExpiryJob {
    static let name = "expiry"
    static let batchSize = 1_000

    let database: any Database

    struct Outcome: Sendable {
        var customers = 0
        var points = 0
    }

    func run(for organizationID: UUID, now: Date, progress: (Outcome) -> Void = { _ in }) async throws -> Outcome {
        var outcome = Outcome()
        while true {
            let grants = try await SQLRows.all("""
                SELECT id FROM loyalty_entries
                WHERE organization_id = \(bind: organizationID) AND remaining > 0 AND expires_at IS NOT NULL
                AND expires_at <= \(bind: now) ORDER BY expires_at LIMIT \(literal: Self.batchSize)
                """, on: try database.sql)
            guard !grants.isEmpty else { return outcome }
            let ids = try grants.map { try $0.decode(column: "id", as: UUID.self) }
            let batch = try await WriteTransaction.run(on: database, rerunnable: true) { db in
                try await Self.expire(grants: ids, organizationID: organizationID, now: now, on: db)
            }
            outcome.customers += batch.customers
            outcome.points += batch.points
            progress(outcome)
        }
    }

    /// `organization_id` on PostgreSQL; on SQLite, which keeps no statistics here, `+organization_id`, which its
    /// planner cannot serve from an index: the batch's rows are then found by their unique `id` instead of by scanning
    /// the organization's.
    private static func organizationColumn(_ table: String, on db: any Database) -> SQLQueryString {
        SQLDialectKind(db) == .postgres ? "\(unsafeRaw: table).organization_id" : "+\(unsafeRaw: table).organization_id"
    }

    private static func expire(grants ids: [UUID], organizationID: UUID, now: Date, on db: any Database) async throws -> Outcome {
        let sql = try db.sql
        let entryOrganization = organizationColumn("loyalty_entries", on: db)
        let customerOrganization = organizationColumn("customers", on: db)
        let owners = try await SQLRows.all("SELECT DISTINCT customer_id FROM loyalty_entries WHERE id IN (\(binds: ids)) AND " + entryOrganization
            + " = \(bind: organizationID) AND customer_id IS NOT NULL", on: sql)
        let customerIDs = try owners.map { try $0.decode(column: "customer_id", as: UUID.self) }
        // The customers' rows first: every other writer of their points locks the same row before touching the ledger.
        var balances: [UUID: Int] = [:]
        if !customerIDs.isEmpty {
            let locked = try await SQLRows.all("UPDATE customers SET version = version WHERE id IN (\(binds: customerIDs)) AND "
                + customerOrganization + " = \(bind: organizationID) RETURNING id, loyalty_points", on: sql)
            for row in locked { balances[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "loyalty_points", as: Int.self) }
        }
        // What is left of the grants now that their owners are locked.
        let fresh = try await SQLRows.all("SELECT customer_id, remaining FROM loyalty_entries WHERE id IN (\(binds: ids)) AND "
            + entryOrganization + " = \(bind: organizationID) AND remaining > 0", on: sql)
        var sums: [UUID: Int] = [:]
        for row in fresh {
            guard let owner = try row.decode(column: "customer_id", as: UUID?.self) else { continue }
            sums[owner, default: 0] += try row.decode(column: "remaining", as: Int.self)
        }
        var rows: [RowInsert] = []
        var changes: [(UUID, Int)] = []
        var outcome = Outcome()
        for (id, sum) in sums.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            guard let balance = balances[id] else { continue }
            let points = min(sum, balance)
            guard points > 0 else { continue }
            changes.append((id, balance - points))
            rows.append(LoyaltyEntry(organizationID: organizationID, customerID: id, kind: .expire, points: -points,
                                     balanceAfter: balance - points, reason: "expired", createdAt: now).insertRow())
            outcome.customers += 1
            outcome.points += points
        }
        for start in stride(from: 0, to: changes.count, by: 400) {
            var values: SQLQueryString = ""
            for (index, (id, balance)) in changes[start..<min(start + 400, changes.count)].enumerated() {
                values = values + (index == 0 ? "" : ", ") + "(\(bind: id), \(bind: balance))"
            }
            try await SQLRows.run("WITH v (id, points) AS (VALUES " + values + ") UPDATE customers SET loyalty_points = v.points FROM v "
                + "WHERE customers.id = v.id AND " + customerOrganization + " = \(bind: organizationID)", on: sql)
        }
        for start in stride(from: 0, to: rows.count, by: 1_000) {
            try await RowInsert.run(Array(rows[start..<min(start + 1_000, rows.count)]), on: db)
        }
        // Close the batch's grants, also those of customers deleted or erased meanwhile.
        try await SQLRows.run("UPDATE loyalty_entries SET remaining = 0 WHERE id IN (\(binds: ids)) AND "
            + entryOrganization + " = \(bind: organizationID)", on: sql)
        return outcome
    }
}
