import ClienteleStore
import Fluent
import Foundation
import SQLKit

/// Expiry: earned and bonus points not spent `expiry_days` after they were granted are written off with one `expire`
/// entry per customer. Customers are taken a batch at a time, found along the expiring grants' index (oldest expiry
/// first); in one transaction their rows are read under lock (so a redemption running at the same time either went
/// before, and spent those points, or waits), what is left of all their expired grants is summed along each customer's
/// own index, taken off the balances and the grants are closed — a few multi-row statements by key per batch, however
/// large the organization. Running it twice changes nothing the second time: closed grants have nothing left.
struct PointsExpiryJob {
    static let name = "expiry"
    /// Expired grants read to find a batch's customers (at most this many customers, fewer when they hold several).
    static let batchSize = 4_000

    let database: any Database

    struct Outcome: Sendable {
        var customers = 0
        var points = 0
    }

    func run(for organizationID: UUID, now: Date, progress: (Outcome) -> Void = { _ in }) async throws -> Outcome {
        // Grants left by customers deleted since have nobody to write off from: they are closed first.
        try await WriteTransaction.run(on: database) { db in
            try await SQLRows.run("""
                UPDATE loyalty_entries SET remaining = 0 WHERE organization_id = \(bind: organizationID) AND customer_id IS NULL
                AND remaining > 0
                """, on: try db.sql)
        }
        var outcome = Outcome()
        while true {
            let rows = try await SQLRows.all("""
                SELECT DISTINCT customer_id FROM (SELECT customer_id FROM loyalty_entries
                WHERE organization_id = \(bind: organizationID) AND remaining > 0 AND expires_at IS NOT NULL
                AND expires_at <= \(bind: now) ORDER BY expires_at LIMIT \(literal: Self.batchSize)) AS due
                """, on: try database.sql)
            let customers = try rows.compactMap { try $0.decode(column: "customer_id", as: UUID?.self) }
            guard !customers.isEmpty else { return outcome }
            let batch = try await WriteTransaction.run(on: database, rerunnable: true) { db in
                try await Self.expire(customers, organizationID: organizationID, now: now, on: db)
            }
            outcome.customers += batch.customers
            outcome.points += batch.points
            progress(outcome)
        }
    }

    private static func expire(_ ids: [UUID], organizationID: UUID, now: Date, on db: any Database) async throws -> Outcome {
        let sql = try db.sql
        let postgres = SQLDialectKind(db) == .postgres
        // SQLite keeps no statistics here: the batch's rows are reached by key (`+organization_id` keeps its planner
        // off the organization's index; the grants go through each customer's own expiring index). Its write gate
        // runs this transaction alone, so reading the balances is enough; PostgreSQL locks the rows.
        let customerOrganization: SQLQueryString = postgres ? "organization_id" : "+organization_id"
        let grants: SQLQueryString = postgres ? "loyalty_entries" : "loyalty_entries INDEXED BY loyalty_entries_customer_expiring_idx"
        let balances = try await SQLRows.all("SELECT id, loyalty_points FROM customers WHERE id IN (\(binds: ids)) AND "
            + customerOrganization + " = \(bind: organizationID)" + (postgres ? " ORDER BY id FOR UPDATE" : ""), on: sql)
        var balance: [UUID: Int] = [:]
        for row in balances { balance[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "loyalty_points", as: Int.self) }
        let expired: SQLQueryString = " WHERE organization_id = \(bind: organizationID) AND customer_id IN (\(binds: ids)) "
            + "AND remaining > 0 AND expires_at IS NOT NULL AND expires_at <= \(bind: now)"
        let sums = try await SQLRows.all("SELECT customer_id, CAST(SUM(remaining) AS BIGINT) AS points FROM " + grants + expired
                                         + " GROUP BY customer_id", on: sql)
        var rows: [RowInsert] = []
        var changes: [(UUID, Int)] = []
        var outcome = Outcome()
        for row in sums {
            let id = try row.decode(column: "customer_id", as: UUID.self)
            guard let stored = balance[id] else { continue }
            let points = min(try row.decode(column: "points", as: Int.self), stored)
            guard points > 0 else { continue }
            changes.append((id, stored - points))
            rows.append(LoyaltyEntry(organizationID: organizationID, customerID: id, kind: .expire, points: -points,
                                     balanceAfter: stored - points, reason: "expired", createdAt: now).insertRow())
            outcome.customers += 1
            outcome.points += points
        }
        for start in stride(from: 0, to: changes.count, by: 400) {
            var values: SQLQueryString = ""
            for (index, (id, after)) in changes[start..<min(start + 400, changes.count)].enumerated() {
                values = values + (index == 0 ? "" : ", ") + "(\(bind: id), \(bind: after))"
            }
            try await SQLRows.run("WITH v (id, points) AS (VALUES " + values + ") UPDATE customers SET loyalty_points = v.points FROM v "
                + "WHERE customers.id = v.id AND " + (postgres ? "customers.organization_id" : "+customers.organization_id")
                + " = \(bind: organizationID)", on: sql)
        }
        for start in stride(from: 0, to: rows.count, by: 1_000) {
            try await RowInsert.run(Array(rows[start..<min(start + 1_000, rows.count)]), on: db)
        }
        try await SQLRows.run("UPDATE " + grants + " SET remaining = 0" + expired, on: sql)
        return outcome
    }
}
