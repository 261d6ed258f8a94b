import Foundation
import SQLKit

/// Puts back what `MergeRowMover` moved: exactly the rows that moved from a removed record, as long as they are still
/// the kept record's (rows it got after the merge — later orders — stay with it), with their default address, unspent
/// points and bonus keys as they were.
struct MergeRowRestorer {
    static let idsPerStatement = 500

    let sql: any SQLDatabase
    let organizationID: UUID

    func moveBack(_ moves: MergeMoves, from kept: UUID, to source: UUID) async throws {
        for (table, _) in MergeRowMover.tables {
            let ids = moves.ids(table)
            var start = 0
            while start < ids.count {
                let chunk = ids[start..<min(start + Self.idsPerStatement, ids.count)]
                var list: SQLQueryString = "\(bind: chunk.first!)"
                for id in chunk.dropFirst() { list = list + ", \(bind: id)" }
                try await SQLRows.run("UPDATE \(ident: table) SET customer_id = \(bind: source) "
                    + "WHERE organization_id = \(bind: organizationID) AND customer_id = \(bind: kept) AND id IN (" + list + ")",
                    on: sql)
                start += Self.idsPerStatement
            }
        }
        if let address = moves.defaultAddress {
            try await SQLRows.run("""
                UPDATE addresses SET is_default = \(bind: false) WHERE organization_id = \(bind: organizationID)
                AND customer_id = \(bind: source) AND is_default AND id <> \(bind: address)
                """, on: sql)
            try await SQLRows.run("""
                UPDATE addresses SET is_default = \(bind: true) WHERE organization_id = \(bind: organizationID)
                AND customer_id = \(bind: source) AND id = \(bind: address)
                """, on: sql)
        }
        for (text, key) in moves.loyaltyBonusKeys {
            guard let id = UUID(uuidString: text) else { continue }
            try await SQLRows.run("""
                UPDATE loyalty_entries SET bonus_key = \(bind: key) WHERE organization_id = \(bind: organizationID)
                AND customer_id = \(bind: source) AND id = \(bind: id)
                """, on: sql)
        }
        // One statement per few hundred grants: a customer of many paid orders holds as many.
        let grants = moves.loyaltyRemaining.compactMap { text, remaining in UUID(uuidString: text).map { ($0, remaining) } }
        var start = 0
        while start < grants.count {
            let chunk = grants[start..<min(start + Self.idsPerStatement / 2, grants.count)]
            var cases: SQLQueryString = "CASE id"
            var list: SQLQueryString = ""
            for (index, (id, remaining)) in chunk.enumerated() {
                cases = cases + " WHEN \(bind: id) THEN \(bind: remaining)"
                list = list + (index == 0 ? "" : ", ") + "\(bind: id)"
            }
            try await SQLRows.run("UPDATE loyalty_entries SET remaining = " + cases + " ELSE remaining END "
                + "WHERE organization_id = \(bind: organizationID) AND customer_id = \(bind: source) AND id IN (" + list + ")",
                on: sql)
            start += Self.idsPerStatement / 2
        }
    }
}
