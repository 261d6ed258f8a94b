import Foundation
import SQLKit

/// Moves the rows of a removed record to the kept one, inside the merge's transaction, and says exactly which moved
/// (`MergeMoves`): orders, tasks, addresses (the kept record's default stays the default), loyalty entries (with
/// their unspent points and bonus keys), gift cards, notifications, timeline entries and erasure requests.
struct MergeRowMover {
    /// Table → the kind the answers count it as. Each has `id`, `organization_id` and `customer_id`.
    static let tables: [(table: String, kind: String)] = [
        ("orders", "orders"), ("tasks", "tasks"), ("addresses", "addresses"), ("loyalty_entries", "loyalty_entries"),
        ("gift_cards", "gift_cards"), ("notifications", "notifications"), ("customer_events", "timeline"),
        ("account_erasure_requests", "erasure_requests"),
    ]

    let sql: any SQLDatabase
    let organizationID: UUID

    /// Moves every row of `source` to `kept`.
    func move(from source: UUID, to kept: UUID) async throws -> MergeMoves {
        var moves = MergeMoves()
        try await prepareAddresses(&moves, from: source, to: kept)
        try await prepareLoyalty(&moves, from: source, to: kept)
        for (table, _) in Self.tables {
            let rows = try await SQLRows.all("""
                UPDATE \(ident: table) SET customer_id = \(bind: kept)
                WHERE organization_id = \(bind: organizationID) AND customer_id = \(bind: source) RETURNING id
                """, on: sql)
            let ids = try rows.map { try $0.decode(column: "id", as: UUID.self) }
            if !ids.isEmpty { moves.rows[table] = ids }
        }
        return moves
    }

    /// The kept record's default address stays the default: the removed record's becomes an ordinary one — unless
    /// the kept record has none, when it stays the default.
    private func prepareAddresses(_ moves: inout MergeMoves, from source: UUID, to kept: UUID) async throws {
        moves.defaultAddress = try await SQLRows.first("""
            SELECT id FROM addresses WHERE organization_id = \(bind: organizationID) AND customer_id = \(bind: source)
            AND is_default LIMIT 1
            """, on: sql).map { try $0.decode(column: "id", as: UUID.self) }
        guard let address = moves.defaultAddress else { return }
        let keptHasDefault = try await SQLRows.first("""
            SELECT id FROM addresses WHERE organization_id = \(bind: organizationID) AND customer_id = \(bind: kept)
            AND is_default LIMIT 1
            """, on: sql) != nil
        guard keptHasDefault else { return }
        try await SQLRows.run("""
            UPDATE addresses SET is_default = \(bind: false) WHERE organization_id = \(bind: organizationID) AND id = \(bind: address)
            """, on: sql)
        moves.clearedDefaultAddress = address
    }

    /// Notes the unspent points of each grant (spending after the merge may take them; an undo gives them back), and
    /// takes off the bonus keys the kept record already has (a bonus is once per record).
    private func prepareLoyalty(_ moves: inout MergeMoves, from source: UUID, to kept: UUID) async throws {
        let grants = try await SQLRows.all("""
            SELECT id, remaining FROM loyalty_entries WHERE organization_id = \(bind: organizationID)
            AND customer_id = \(bind: source) AND remaining > 0
            """, on: sql)
        for grant in grants {
            moves.loyaltyRemaining[try grant.decode(column: "id", as: UUID.self).uuidString] = try grant.decode(column: "remaining", as: Int.self)
        }
        let clashing = try await SQLRows.all("""
            SELECT id, bonus_key FROM loyalty_entries WHERE organization_id = \(bind: organizationID)
            AND customer_id = \(bind: source) AND bonus_key IN (
                SELECT bonus_key FROM loyalty_entries WHERE organization_id = \(bind: organizationID)
                AND customer_id = \(bind: kept) AND bonus_key IS NOT NULL)
            """, on: sql)
        for entry in clashing {
            let id = try entry.decode(column: "id", as: UUID.self)
            moves.loyaltyBonusKeys[id.uuidString] = try entry.decode(column: "bonus_key", as: String.self)
            try await SQLRows.run("""
                UPDATE loyalty_entries SET bonus_key = NULL WHERE organization_id = \(bind: organizationID) AND id = \(bind: id)
                """, on: sql)
        }
    }
}
