import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// The counter changes of one writing transaction (`CustomerCounter`, `CustomerSignups`, `OrganizationCounters`),
/// summed while it runs and written once, just before it commits. A group commit of SQLite writers then updates each
/// organization's counter rows once instead of twice per writer, and on PostgreSQL the organization's counter row —
/// which every create of the organization updates — is locked only at the very end of each transaction.
final class TransactionCounters: Sendable {
    /// The transaction the current task writes in, when it collects its counters (see `collecting`).
    @TaskLocal static var current: TransactionCounters?

    private struct SignupKey: Hashable { let organizationID: UUID; let bucket: Int }

    private struct Deltas {
        var organizations: [UUID: OrganizationCounters.Figures] = [:]
        var signups: [SignupKey: Int] = [:]
    }

    private let deltas = NIOLockedValueBox(Deltas())

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

    /// Takes over the changes of a writer whose own part of the transaction succeeded.
    func absorb(_ other: TransactionCounters) {
        let theirs = other.deltas.withLockedValue { $0 }
        for (organizationID, figures) in theirs.organizations {
            add(customers: figures.customers, to: organizationID)
            add(orders: figures, to: organizationID)
        }
        for (key, delta) in theirs.signups { add(signups: delta, bucket: key.bucket, to: key.organizationID) }
    }

    /// Writes the sums (organizations in a fixed order, so that two PostgreSQL transactions never wait on each other
    /// in opposite orders) and forgets them.
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
    }

    /// Runs `body` collecting its counter changes, then writes them on `database` (the transaction's connection).
    static func collecting<T>(on database: any Database, _ body: () async throws -> T) async throws -> T {
        let counters = TransactionCounters()
        let value = try await $current.withValue(counters) { try await body() }
        try await counters.flush(on: database)
        return value
    }
}
