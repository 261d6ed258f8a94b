import Foundation
import Fluent
import SQLKit

/// Each organization's number of customers, kept in the same transaction as every insert and delete,
/// so that the unfiltered list answers an exact total without counting a million rows (the sum of the organization's
/// counter rows: one on SQLite, one per connection slot on PostgreSQL, `CounterShard`).
struct CustomerCounter {
    static let table = "organization_counters"
    let database: any Database

    func add(_ delta: Int, to organizationID: UUID) async throws {
        if let counters = DeferredWrites.current {
            counters.add(customers: delta, to: organizationID)
        } else {
            try await OrganizationCounters.write(.init(customers: delta), to: organizationID, on: database)
        }
    }

    func count(for organizationID: UUID) async throws -> Int {
        let row = try await SQLRows.first(Self.total(of: organizationID), on: try database.sql)
        return try row?.decode(column: "customers", as: Int.self) ?? 0
    }

    /// The statement that sums the organization's counter rows into `customers`, for a statement that needs the count
    /// beside something else (`CustomerSearch.sample`).
    static func total(of organizationID: UUID) -> SQLQueryString {
        """
        SELECT CAST(COALESCE(SUM(customers), 0) AS BIGINT) AS customers FROM organization_counters
        WHERE organization_id = \(bind: organizationID)
        """
    }
}
