import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// What one writing transaction writes only just before it commits: the counters it moves (`CustomerCounter`,
/// `CustomerSignups`, `OrganizationCounters`), summed, and the rows it appends to logs nothing reads back within the
/// transaction (timeline entries), in one multi-row statement per run of rows of the same table. A group commit of
/// SQLite writers then updates each organization's counter rows once instead of twice per writer and writes its
/// timeline entries together, and the search-index entries of its new customers with one statement
/// (`CustomerSearchIndex.flushQueued`). On PostgreSQL the organization's counter row, which every create of the
/// organization updates, is locked only at the very end of each transaction.
final class DeferredWrites: Sendable {
    /// The transaction the current task writes in, when it collects its deferred writes (see `collecting`).
    @TaskLocal static var current: DeferredWrites?

    private struct SignupKey: Hashable { let organizationID: UUID; let bucket: Int }

    private struct Deltas {
        var organizations: [UUID: OrganizationCounters.Figures] = [:]
        var signups: [SignupKey: Int] = [:]
        var rows: [RowInsert] = []
    }

    /// Rows per statement: a timeline entry binds 10 values, SQLite takes 32,766 per statement.
    static let rowsPerStatement = 1_000

    private let deltas = NIOLockedValueBox(Deltas())

    /// False for a writer that shares a SQLite transaction with others, each in a savepoint: a later writer of the
    /// group may delete what its rows are about (a customer it deletes or erases), so they are written at once, as
    /// before that writer runs. Counters add up whatever the order, so they wait either way.
    let defersRows: Bool

    init(defersRows: Bool = true) {
        self.defersRows = defersRows
    }

    func add(customers delta: Int, to organizationID: UUID) {
        deltas.withLockedValue { $0.organizations[organizationID, default: .init()].customers += delta }
    }

    func add(signups delta: Int, bucket: Int, to organizationID: UUID) {
        deltas.withLockedValue { $0.signups[SignupKey(organizationID: organizationID, bucket: bucket), default: 0] += delta }
    }

    func add(orders figures: OrganizationCounters.Figures, to organizationID: UUID) {
        deltas.withLockedValue { deltas in
            var sum = deltas.organizations[organizationID, default: .init()]
            sum.ordersCounted += figures.ordersCounted
            sum.ordersAmountMinor += figures.ordersAmountMinor
            sum.orderingCustomers += figures.orderingCustomers
            sum.repeatCustomers += figures.repeatCustomers
            deltas.organizations[organizationID] = sum
        }
    }

    /// Rows to insert before the commit, after those appended before them.
    func append(_ rows: [RowInsert]) {
        deltas.withLockedValue { $0.rows.append(contentsOf: rows) }
    }

    /// Takes over the changes of a writer whose own part of the transaction succeeded.
    func absorb(_ other: DeferredWrites) {
        let theirs = other.deltas.withLockedValue { $0 }
        append(theirs.rows)
        for (organizationID, figures) in theirs.organizations {
            add(customers: figures.customers, to: organizationID)
            add(orders: figures, to: organizationID)
        }
        for (key, delta) in theirs.signups { add(signups: delta, bucket: key.bucket, to: key.organizationID) }
    }

    /// Writes the sums (organizations in a fixed order, so that two PostgreSQL transactions never wait on each other
    /// in opposite orders) and forgets them, then indexes the customers the transaction inserted for search.
    func flush(on database: any Database) async throws {
        let pending = deltas.withLockedValue { deltas in
            defer { deltas = Deltas() }
            return deltas
        }
        for (organizationID, figures) in pending.organizations.sorted(by: { $0.key.uuidString < $1.key.uuidString })
        where figures != OrganizationCounters.Figures() {
            try await OrganizationCounters.write(figures, to: organizationID, on: database)
        }
        for (key, delta) in pending.signups.sorted(by: { ($0.key.organizationID.uuidString, $0.key.bucket) < ($1.key.organizationID.uuidString, $1.key.bucket) })
        where delta != 0 {
            try await CustomerSignups.write(delta, bucket: key.bucket, to: key.organizationID, on: database)
        }
        var start = 0
        while start < pending.rows.count {
            let first = pending.rows[start]
            var end = start + 1
            while end < pending.rows.count, end - start < Self.rowsPerStatement,
                  pending.rows[end].table == first.table, pending.rows[end].columns == first.columns { end += 1 }
            try await RowInsert.run(Array(pending.rows[start..<end]), on: database)
            start = end
        }
        try await CustomerSearchIndex.flushQueued(on: database)
    }

    /// Runs `body` collecting its counter changes, then writes them on `database` (the transaction's connection).
    static func collecting<T>(on database: any Database, _ body: () async throws -> T) async throws -> T {
        let counters = DeferredWrites()
        let value = try await $current.withValue(counters) { try await body() }
        try await counters.flush(on: database)
        return value
    }
}
