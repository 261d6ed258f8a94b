import Foundation
import SQLKit

/// A merged or restored record's points, recounted from its ledger: `loyalty_points` is the sum of its entries and
/// `loyalty_member` whether it has any, and its unspent grants hold exactly its balance (oldest spent first).
struct MergeBalances {
    let sql: any SQLDatabase
    let organizationID: UUID

    /// Stores the ledger's sum as the balance and answers it, with whether the record has any entry.
    @discardableResult
    func recount(_ customerID: UUID) async throws -> (balance: Int, member: Bool) {
        let row = try await SQLRows.first("""
            SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) AS total, COUNT(*) AS entries FROM loyalty_entries
            WHERE organization_id = \(bind: organizationID) AND customer_id = \(bind: customerID)
            """, on: sql)
        let total = try row?.decode(column: "total", as: Int.self) ?? 0
        let entries = try row?.decode(column: "entries", as: Int.self) ?? 0
        try await SQLRows.run("""
            UPDATE customers SET loyalty_points = \(bind: total), loyalty_member = \(bind: entries > 0)
            WHERE organization_id = \(bind: organizationID) AND id = \(bind: customerID)
            """, on: sql)
        return (total, entries > 0)
    }

    /// What a ledger sums to without writing it (a preview).
    func sum(of customerIDs: [UUID]) async throws -> Int {
        var total = 0
        for id in customerIDs {
            let row = try await SQLRows.first("""
                SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) AS total FROM loyalty_entries
                WHERE organization_id = \(bind: organizationID) AND customer_id = \(bind: id)
                """, on: sql)
            total += try row?.decode(column: "total", as: Int.self) ?? 0
        }
        return total
    }

    /// Takes from the oldest unspent grants what they hold beyond `balance`: after an undo gave the removed records'
    /// grants back their points, the kept record's spending since the merge comes out of its own grants.
    func trimGrants(of customerID: UUID, to balance: Int) async throws {
        let row = try await SQLRows.first("""
            SELECT CAST(COALESCE(SUM(remaining), 0) AS BIGINT) AS unspent FROM loyalty_entries
            WHERE organization_id = \(bind: organizationID) AND customer_id = \(bind: customerID) AND remaining > 0
            """, on: sql)
        var excess = (try row?.decode(column: "unspent", as: Int.self) ?? 0) - balance
        guard excess > 0 else { return }
        let grants = try await SQLRows.all("""
            SELECT id, remaining FROM loyalty_entries WHERE organization_id = \(bind: organizationID)
            AND customer_id = \(bind: customerID) AND remaining > 0 ORDER BY seq
            """, on: sql)
        for grant in grants where excess > 0 {
            let id = try grant.decode(column: "id", as: UUID.self)
            let remaining = try grant.decode(column: "remaining", as: Int.self)
            let take = min(excess, remaining)
            try await SQLRows.run("""
                UPDATE loyalty_entries SET remaining = \(bind: remaining - take) WHERE organization_id = \(bind: organizationID) AND id = \(bind: id)
                """, on: sql)
            excess -= take
        }
    }
}
