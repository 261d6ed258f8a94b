import Fluent
import Foundation
import SQLKit

/// How many customers each organization gained per quarter hour, kept in the transaction of every insert and
/// delete, so "new this month" sums at most ~3,000 small rows instead of counting the month's sign-ups. Every
/// time zone's month starts on a quarter hour, so the sum is exact in the organization's zone.
struct CustomerSignups {
    static let table = "customer_signup_counts"
    static let bucketSeconds = 900.0

    let database: any Database

    static func bucket(of date: Date) -> Int { Int((date.timeIntervalSince1970 / bucketSeconds).rounded(.down)) }

    func add(_ delta: Int, at date: Date, to organizationID: UUID) async throws {
        if let counters = DeferredWrites.current {
            counters.add(signups: delta, bucket: Self.bucket(of: date), to: organizationID)
        } else {
            try await Self.write(delta, bucket: Self.bucket(of: date), to: organizationID, on: database)
        }
    }

    static func write(_ delta: Int, bucket: Int, to organizationID: UUID, on database: any Database) async throws {
        try await SQLRows.run(statement(adding: delta, bucket: bucket, to: organizationID, for: SQLDialectKind(database)),
                              on: try database.sql)
    }

    /// Adds to the bucket's row of the writing connection's shard (`CounterShard`).
    static func statement(adding delta: Int, bucket: Int, to organizationID: UUID, for dialect: SQLDialectKind) -> SQLQueryString {
        let shard = CounterShard.column(for: dialect)
        return """
            INSERT INTO customer_signup_counts (organization_id, bucket\(shard), customers)
            VALUES (\(bind: organizationID), \(bind: bucket)\(CounterShard.value(for: dialect)), \(bind: delta))
            ON CONFLICT (organization_id, bucket\(shard)) DO UPDATE SET customers = customer_signup_counts.customers + \(bind: delta)
            """
    }

    /// Customers created at or after `date` who still exist.
    func count(since date: Date, for organizationID: UUID) async throws -> Int {
        let row = try await SQLRows.first("""
            SELECT CAST(COALESCE(SUM(customers), 0) AS BIGINT) AS n FROM customer_signup_counts
            WHERE organization_id = \(bind: organizationID) AND bucket >= \(bind: Self.bucket(of: date))
            """, on: try database.sql)
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }
}
