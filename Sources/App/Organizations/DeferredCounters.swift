import Fluent
import Foundation
import SQLKit

/// The counters a writing transaction moves, summed and written once, just before it commits (the store's
/// `DeferredWrites` collects them, one `DeferredWriteFlusher` per kind): each organization's counter row
/// (`OrganizationCounters`: customers and order figures) first, then its sign-up buckets (`CustomerSignups`), each in a
/// fixed order of organizations and buckets, so that two PostgreSQL transactions never wait on each other in
/// opposite orders.
extension DeferredWrites {
    func add(customers delta: Int, to organizationID: UUID) {
        update(OrganizationCounters.Deferred.self) { $0.sums[organizationID, default: .init()].customers += delta }
    }

    func add(signups delta: Int, bucket: Int, to organizationID: UUID) {
        update(CustomerSignups.Deferred.self) {
            $0.sums[CustomerSignups.Deferred.Key(organizationID: organizationID, bucket: bucket), default: 0] += delta
        }
    }

    func add(orders figures: OrganizationCounters.Figures, to organizationID: UUID) {
        update(OrganizationCounters.Deferred.self) { deferred in
            var sum = deferred.sums[organizationID, default: .init()]
            sum.ordersCounted += figures.ordersCounted
            sum.ordersAmountMinor += figures.ordersAmountMinor
            sum.orderingCustomers += figures.orderingCustomers
            sum.repeatCustomers += figures.repeatCustomers
            deferred.sums[organizationID] = sum
        }
    }
}

extension OrganizationCounters {
    /// One transaction's changes of the organizations' counter rows.
    struct Deferred: DeferredWriteFlusher {
        static let flushOrder = 0

        var sums: [UUID: Figures] = [:]

        mutating func absorb(_ other: Self) {
            for (organizationID, figures) in other.sums {
                var sum = sums[organizationID, default: .init()]
                sum.customers += figures.customers
                sum.ordersCounted += figures.ordersCounted
                sum.ordersAmountMinor += figures.ordersAmountMinor
                sum.orderingCustomers += figures.orderingCustomers
                sum.repeatCustomers += figures.repeatCustomers
                sums[organizationID] = sum
            }
        }

        func statements(for dialect: SQLDialectKind) -> [SQLQueryString]? {
            sums.sorted(by: { $0.key.uuidString < $1.key.uuidString }).filter { $0.value != Figures() }
                .map { OrganizationCounters.statement(adding: $0.value, to: $0.key, for: dialect) }
        }
    }
}

extension CustomerSignups {
    /// One transaction's changes of the organizations' sign-up buckets.
    struct Deferred: DeferredWriteFlusher {
        static let flushOrder = 1

        struct Key: Hashable { let organizationID: UUID; let bucket: Int }

        var sums: [Key: Int] = [:]

        mutating func absorb(_ other: Self) {
            for (key, delta) in other.sums { sums[key, default: 0] += delta }
        }

        func statements(for dialect: SQLDialectKind) -> [SQLQueryString]? {
            sums.sorted(by: { ($0.key.organizationID.uuidString, $0.key.bucket) < ($1.key.organizationID.uuidString, $1.key.bucket) })
                .filter { $0.value != 0 }
                .map { CustomerSignups.statement(adding: $0.value, bucket: $0.key.bucket, to: $0.key.organizationID, for: dialect) }
        }
    }
}
