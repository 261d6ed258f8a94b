@testable import App
@testable import ClienteleStore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// An organization's counters (customers, order figures, sign-ups per quarter hour) are one row per organization on
/// SQLite and one per connection slot on PostgreSQL (`CounterShard`, migration 0032), summed when read.
@Suite struct CounterShardTests {
    /// Concurrent creates and orders, on as many connections as the pool gives them: the list's total, the statistics
    /// and "new this month" equal a recount, on both databases.
    @Test func concurrentWritersLeaveTotalsEqualToARecount() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for index in 0..<10 {
                    group.addTask {
                        let created = try await app.send(.POST, "/api/v1/customers", token: org.adminToken,
                                                         json: ["name": "Writer \(index)", "email": "w\(index)@example.com"])
                        guard created.status == .created, let id = created["id"] as? String else { return created.status }
                        return try await app.send(.POST, "/api/v1/orders", token: org.adminToken,
                                                  json: ["customer_id": id, "amount": "\(index + 1).00"]).status
                    }
                }
                return try await group.reduce(into: [HTTPResponseStatus]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .created })
            let deleted = try await app.send(.GET, "/api/v1/customers?q=writer%203", token: org.adminToken)
            let gone = try #require(deleted.data.first?["id"] as? String)
            #expect(try await app.send(.DELETE, "/api/v1/customers/\(gone)", token: org.adminToken).status == .noContent)

            let list = try await app.send(.GET, "/api/v1/customers", token: org.adminToken)
            #expect(list["total"] as? Int == 9)
            let stats = try await app.send(.GET, "/api/v1/customers/stats", token: org.adminToken)
            #expect(stats["total_customers"] as? Int == 9)
            #expect(stats["new_this_month"] as? Int == 9)
            // Ten orders of 1.00 … 10.00, all counted (the deleted customer's order stays, unlinked): 5.50 on average.
            #expect(stats["average_order_value"] as? String == "5.50")

            let sql = try #require(app.db as? any SQLDatabase)
            let organizationID = try #require(UUID(uuidString: org.id))
            let recount = try await SQLRows.first("""
                SELECT COUNT(*) AS n FROM customers WHERE organization_id = \(bind: organizationID)
                """, on: sql)?.decode(column: "n", as: Int.self)
            #expect(recount == 9)
        }
    }

    /// PostgreSQL: a writer holds its counter row locked until its commit is on disk. Two writers on connections of
    /// different slots add to the same organization's counters without waiting for each other: with one row per
    /// organization the second would wait for the first's commit, here past its lock timeout.
    @Test func writersOnTwoConnectionsDoNotWaitForEachOthersCommit() async throws {
        guard TestDatabase.isPostgres else { return }
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let organizationID = try #require(UUID(uuidString: org.id))
            let before = try await CustomerCounter(database: app.db).count(for: organizationID)
            try await app.db.transaction { first in
                try await OrganizationCounters.write(.init(customers: 1), to: organizationID, on: first)
                try await CustomerSignups.write(1, bucket: CustomerSignups.bucket(of: Date()), to: organizationID, on: first)
                let slot = try await Self.slot(of: first)
                try await Self.onConnection(of: app.db, notIn: slot) { second in
                    try await second.transaction { second in
                        try await second.sql.raw("SET LOCAL lock_timeout = '2s'").run()
                        try await OrganizationCounters.write(.init(customers: 1), to: organizationID, on: second)
                        try await CustomerSignups.write(1, bucket: CustomerSignups.bucket(of: Date()), to: organizationID,
                                                        on: second)
                    }
                }
            }
            #expect(try await CustomerCounter(database: app.db).count(for: organizationID) == before + 2)
            let sql = try #require(app.db as? any SQLDatabase)
            let rows = try await SQLRows.first("""
                SELECT COUNT(*) AS n FROM organization_counters WHERE organization_id = \(bind: organizationID)
                """, on: sql)?.decode(column: "n", as: Int.self)
            #expect((rows ?? 0) >= 2)
            let stats = try await app.send(.GET, "/api/v1/customers/stats", token: org.adminToken)
            #expect(stats["total_customers"] as? Int == before + 2)
            #expect(stats["new_this_month"] as? Int == 2)
        }
    }

    /// PostgreSQL: reverting migration 0032 folds each organization's rows into one and keeps every sum; migrating
    /// again keeps them too.
    @Test func theMigrationFoldsTheRowsBackWhenReverted() async throws {
        guard TestDatabase.isPostgres else { return }
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let organizationID = try #require(UUID(uuidString: org.id))
            let sql = try #require(app.db as? any SQLDatabase)
            for shard in 0..<3 {
                try await sql.raw("""
                    INSERT INTO organization_counters
                        (organization_id, shard, customers, orders_counted, orders_amount_minor, ordering_customers, repeat_customers)
                    VALUES (\(bind: organizationID), \(bind: shard + 5), 2, 3, 400, 1, \(bind: shard == 0 ? 1 : 0))
                    """).run()
                try await sql.raw("""
                    INSERT INTO customer_signup_counts (organization_id, bucket, shard, customers)
                    VALUES (\(bind: organizationID), \(bind: CustomerSignups.bucket(of: Date())), \(bind: shard + 5), 2)
                    """).run()
            }
            let figures = try await OrganizationCounters(database: app.db).figures(for: organizationID)
            #expect(figures.customers == 6 && figures.ordersCounted == 9 && figures.ordersAmountMinor == 1_200)
            #expect(figures.orderingCustomers == 3 && figures.repeatCustomers == 1)
            let monthStart = Date().addingTimeInterval(-3_600)
            #expect(try await CustomerSignups(database: app.db).count(since: monthStart, for: organizationID) == 6)

            try await ShardOrganizationCounters().revert(on: app.db)
            #expect(try await OrganizationCounters(database: app.db).figures(for: organizationID) == figures)
            #expect(try await CustomerSignups(database: app.db).count(since: monthStart, for: organizationID) == 6)
            let rows = try await SQLRows.first("""
                SELECT COUNT(*) AS n FROM organization_counters WHERE organization_id = \(bind: organizationID)
                """, on: sql)?.decode(column: "n", as: Int.self)
            #expect(rows == 1)

            try await ShardOrganizationCounters().prepare(on: app.db)
            #expect(try await OrganizationCounters(database: app.db).figures(for: organizationID) == figures)
            try await OrganizationCounters.write(.init(customers: 1), to: organizationID, on: app.db)
            #expect(try await CustomerCounter(database: app.db).count(for: organizationID) == 7)
        }
    }

    /// The backend's slot of a connection-bound database.
    private static func slot(of database: any Database) async throws -> Int {
        let row = try await SQLRows.first("SELECT pg_backend_pid() % \(unsafeRaw: String(CounterShard.count)) AS slot",
                                          on: try database.sql)
        return try #require(try row?.decode(column: "slot", as: Int.self))
    }

    /// Runs `body` on a pooled connection whose slot is not `slot`, holding the ones that are (each is held, so the
    /// pool hands out another; one in sixteen shares a slot).
    private static func onConnection(of database: any Database, notIn slot: Int, depth: Int = 0,
                                     _ body: @escaping @Sendable (any Database) async throws -> Void) async throws {
        try await database.withConnection { connection in
            if try await Self.slot(of: connection) != slot || depth == 4 {
                try await body(connection)
            } else {
                try await Self.onConnection(of: database, notIn: slot, depth: depth + 1, body)
            }
        }
    }
}
