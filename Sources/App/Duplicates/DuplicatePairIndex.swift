import ClienteleCore
import Fluent
import Foundation
import SQLKit

/// Keeps an organization's likely pairs (`duplicate_pairs`) up to date. The triggers of migration 0027 mark each
/// customer whose name, phone, email or addresses changed (or who was created or deleted) in `duplicate_pairs_stale`;
/// `refresh` computes the pairs of the marked customers again and removes the marks it read — a customer marked
/// again meanwhile has a new mark and stays stale. It runs before the duplicates page is read, and after bulk loads
/// (imports, demo data) so that the first reader does not wait.
///
/// Every match shares a phone, a mailbox, a similar name with a similar email local part, or an address (a name
/// alone never matches), so a customer's partners come from the groups of equal keys it belongs to, each group read
/// by its key's index, and only those are scored. A group's first `maxGroup` members (by id) are paired at most: a
/// mailbox shared by a whole office stays cheap.
struct DuplicatePairIndex {
    static let maxGroup = 100
    /// More stale customers than this (a bulk load) and every pair is computed again from the groups, which reads the
    /// keys' indexes once instead of looking each customer's keys up.
    static let incrementalLimit = 5_000
    /// Stale marks removed per write transaction after a rebuild.
    static let clearBatch = 5_000

    let database: any Database
    let organizationID: UUID

    /// Brings the pairs up to date; answers how many customers' pairs were computed again (all of them after a rebuild).
    /// One refresh of an organization runs at a time in a process (`DuplicatePairRefreshes`): the next waits for it, or
    /// with `unlessRunning` (the background pass) answers nil at once.
    @discardableResult
    func refresh(unlessRunning: Bool = false) async throws -> Int? {
        let index = self
        return try await DuplicatePairRefreshes.shared.run(organizationID, skipIfRunning: unlessRunning) { try await index.refreshNow() }
    }

    private func refreshNow() async throws -> Int {
        let sql = try database.sql
        let built = try await SQLRows.first("""
            SELECT 1 AS built FROM duplicate_pairs_built WHERE organization_id = \(bind: organizationID)
            """, on: sql) != nil
        let stale = try await SQLRows.all("""
            SELECT customer_id, mark FROM duplicate_pairs_stale WHERE organization_id = \(bind: organizationID)
            LIMIT \(unsafeRaw: String(Self.incrementalLimit + 1))
            """, on: sql).map { (try $0.decode(column: "customer_id", as: UUID.self), try $0.decode(column: "mark", as: Int64.self)) }
        if built, stale.isEmpty { return 0 }
        if !built || stale.count > Self.incrementalLimit { return try await rebuild() }
        try await recompute(stale)
        return stale.count
    }

    /// Every pair of the organization, computed from the groups of equal keys, replaces the kept ones.
    private func rebuild() async throws -> Int {
        let sql = try database.sql
        // The marks first: what changes while the pairs are computed keeps a newer mark and is done again next time.
        var marks: [(UUID, Int64)] = []
        while true {
            let after: SQLQueryString = marks.last.map { "AND customer_id > \(bind: $0.0)" } ?? ""
            let page = try await SQLRows.all("SELECT customer_id, mark FROM duplicate_pairs_stale WHERE organization_id = \(bind: organizationID) "
                                             + after + " ORDER BY customer_id LIMIT 10000", on: sql)
                .map { (try $0.decode(column: "customer_id", as: UUID.self), try $0.decode(column: "mark", as: Int64.self)) }
            marks += page
            if page.count < 10_000 { break }
        }
        let pairs = try await everyPair()
        let organizationID = organizationID
        try await WriteTransaction.run(on: database) { db in
            let sql = try db.sql
            try await SQLRows.run("DELETE FROM duplicate_pairs WHERE organization_id = \(bind: organizationID)", on: sql)
            try await Self.insert(pairs, organizationID: organizationID, on: db)
            try await SQLRows.run("DELETE FROM duplicate_pairs_built WHERE organization_id = \(bind: organizationID)", on: sql)
            var built = RowInsert(into: "duplicate_pairs_built")
            built.set("organization_id", organizationID)
            built.set("built_at", Date())
            try await built.run(on: db)
        }
        for start in stride(from: 0, to: marks.count, by: Self.clearBatch) {
            let batch = Array(marks[start..<min(start + Self.clearBatch, marks.count)])
            try await WriteTransaction.run(on: database) { db in try await Self.clear(batch, organizationID: organizationID, on: db) }
        }
        return marks.count
    }

    /// The pairs of the `stale` customers, computed again from their keys' groups.
    private func recompute(_ stale: [(UUID, Int64)]) async throws {
        let sql = try database.sql
        let ids = stale.map(\.0)
        var partners: [UUID: Set<UUID>] = [:]
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            // Each stale customer's keys: (whose, which group, the key).
            var lookups: [(owner: UUID, group: KeyGroup, key: String)] = []
            for row in try await SQLRows.all("""
                SELECT id, dup_phone_key, dup_email_key, dup_email_local_key FROM customers
                WHERE \(SQLDialectKind(database).byKey()) = \(bind: organizationID) AND id IN (\(binds: chunk))
                """, on: sql) {
                let id = try row.decode(column: "id", as: UUID.self)
                for column in Self.keyColumns {
                    guard let key = try row.decode(column: column, as: String?.self) else { continue }
                    lookups.append((id, .customers(column), key))
                }
            }
            for row in try await SQLRows.all("""
                SELECT DISTINCT customer_id, dup_key FROM addresses WHERE organization_id = \(bind: organizationID)
                AND customer_id IN (\(binds: chunk)) AND dup_key IS NOT NULL
                """, on: sql) {
                lookups.append((try row.decode(column: "customer_id", as: UUID.self), .addresses, try row.decode(column: "dup_key", as: String.self)))
            }
            for (owner, members) in try await groups(of: lookups, on: sql) {
                // The group's first members by id, as a rebuild pairs them.
                guard members.contains(owner) else { continue }
                for member in members where member != owner { partners[owner, default: []].insert(member) }
            }
        }
        let everyone = Array(Set(ids).union(partners.values.joined()))
        let profiles = try await DuplicateCandidates(sql: sql, organizationID: organizationID).profiles(everyone)
        var pairs: [DuplicatePair] = []
        for (id, others) in partners {
            for other in others {
                if let pair = Self.score(id, other, profiles) { pairs.append(pair) }
            }
        }
        let (organizationID, scored) = (organizationID, pairs)
        try await WriteTransaction.run(on: database) { db in
            let sql = try db.sql
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = Array(ids[start..<min(start + 500, ids.count)])
                try await SQLRows.run("""
                    DELETE FROM duplicate_pairs WHERE organization_id = \(bind: organizationID) AND first_id IN (\(binds: chunk))
                    """, on: sql)
                try await SQLRows.run("""
                    DELETE FROM duplicate_pairs WHERE organization_id = \(bind: organizationID) AND second_id IN (\(binds: chunk))
                    """, on: sql)
            }
            try await Self.insert(scored, organizationID: organizationID, on: db)
            try await Self.clear(stale, organizationID: organizationID, on: db)
        }
    }

    static let keyColumns = ["dup_phone_key", "dup_email_key", "dup_email_local_key"]

    /// Where a key's group is: customers sharing a key column's value, or the customers of addresses sharing a key.
    enum KeyGroup: Hashable {
        case customers(String)
        case addresses

        /// The group's first `maxGroup` member ids by id, for the key `key` (an expression).
        func members(organizationID: UUID, key: SQLQueryString) -> SQLQueryString {
            switch self {
            case let .customers(column):
                "SELECT id FROM customers WHERE organization_id = \(bind: organizationID) AND \(ident: column) = " + key
                    + " ORDER BY id LIMIT \(unsafeRaw: String(DuplicatePairIndex.maxGroup))"
            case .addresses:
                "SELECT DISTINCT customer_id AS id FROM addresses WHERE organization_id = \(bind: organizationID) AND dup_key = " + key
                    + " ORDER BY id LIMIT \(unsafeRaw: String(DuplicatePairIndex.maxGroup))"
            }
        }
    }

    /// The members of each look-up's group, with its owner. On PostgreSQL one statement per kind of group reads the
    /// groups of all the look-ups (`unnest` joined laterally to the group's index); SQLite, which has no lateral join,
    /// runs one look-up at a time, in the same process and without a round trip.
    private func groups(of lookups: [(owner: UUID, group: KeyGroup, key: String)],
                        on sql: any SQLDatabase) async throws -> [(owner: UUID, members: [UUID])] {
        guard SQLDialectKind(sql) == .postgres else {
            var found: [(owner: UUID, members: [UUID])] = []
            for lookup in lookups {
                let members = try await SQLRows.all(lookup.group.members(organizationID: organizationID, key: "\(bind: lookup.key)"), on: sql)
                found.append((lookup.owner, try members.map { try $0.decode(column: "id", as: UUID.self) }))
            }
            return found
        }
        var found: [(owner: UUID, members: [UUID])] = []
        for (group, wanted) in Dictionary(grouping: lookups, by: \.group) {
            var members: [Pair: [UUID]] = [:]
            for row in try await SQLRows.all("""
                SELECT wanted.owner, wanted.key, m.id FROM unnest(\(bind: wanted.map(\.owner))::uuid[], \(bind: wanted.map(\.key))::text[])
                AS wanted(owner, key) CROSS JOIN LATERAL (
                """ + group.members(organizationID: organizationID, key: "wanted.key") + ") AS m", on: sql) {
                let pair = Pair(owner: try row.decode(column: "owner", as: UUID.self), key: try row.decode(column: "key", as: String.self))
                members[pair, default: []].append(try row.decode(column: "id", as: UUID.self))
            }
            found += members.map { ($0.key.owner, $0.value) }
        }
        return found
    }

    private struct Pair: Hashable {
        let owner: UUID
        let key: String
    }

    /// Every matching pair of the organization, from the groups of equal keys.
    func everyPair() async throws -> [DuplicatePair] {
        let sql = try database.sql
        var groups: [[UUID]] = []
        for column in Self.keyColumns {
            let rows = try await SQLRows.all("""
                SELECT id, \(ident: column) AS k FROM customers WHERE organization_id = \(bind: organizationID)
                AND \(ident: column) IN (SELECT \(ident: column) FROM customers WHERE organization_id = \(bind: organizationID)
                AND \(ident: column) IS NOT NULL GROUP BY \(ident: column) HAVING count(*) > 1)
                """, on: sql)
            groups += try Self.group(rows, id: "id")
        }
        let addressRows = try await SQLRows.all("""
            SELECT DISTINCT customer_id, dup_key AS k FROM addresses WHERE organization_id = \(bind: organizationID)
            AND dup_key IN (SELECT dup_key FROM addresses WHERE organization_id = \(bind: organizationID)
            AND dup_key IS NOT NULL GROUP BY dup_key HAVING count(DISTINCT customer_id) > 1)
            """, on: sql)
        groups += try Self.group(addressRows, id: "customer_id")

        var candidates = Set<DuplicatePairs.Pair>()
        for group in groups {
            let members = Array(group.sorted { $0.uuidString < $1.uuidString }.prefix(Self.maxGroup))
            for i in members.indices { for j in members.indices where j > i { candidates.insert(.init(members[i], members[j])) } }
        }
        guard !candidates.isEmpty else { return [] }
        let ids = Array(Set(candidates.flatMap { [$0.first, $0.second] }))
        let profiles = try await DuplicateCandidates(sql: sql, organizationID: organizationID).profiles(ids)
        return candidates.compactMap { Self.score($0.first, $0.second, profiles) }
    }

    /// The pair of two customers, if they look like the same person.
    private static func score(_ one: UUID, _ other: UUID, _ profiles: [UUID: (DuplicateCandidates.Person, DuplicateProfile)]) -> DuplicatePair? {
        let pair = DuplicatePairs.Pair(one, other)
        guard let first = profiles[pair.first], let second = profiles[pair.second] else { return nil }
        let verdict = DuplicateScorer.compare(first.1, second.1)
        guard verdict.isMatch else { return nil }
        return DuplicatePair(a: .init(id: first.0.id, name: first.0.name), b: .init(id: second.0.id, name: second.0.name),
                             score: verdict.score, reasons: verdict.reasons)
    }

    private static func insert(_ pairs: [DuplicatePair], organizationID: UUID, on db: any Database) async throws {
        var rows: [RowInsert] = []
        for pair in Set(pairs.map { DuplicatePairs.Stored($0) }) {
            var row = RowInsert(into: "duplicate_pairs")
            row.set("organization_id", organizationID)
            row.set("first_id", pair.first)
            row.set("second_id", pair.second)
            row.set("score", pair.score)
            row.set("reasons", pair.reasons)
            rows.append(row)
            if rows.count == 500 {
                try await RowInsert.run(rows, on: db)
                rows = []
            }
        }
        if !rows.isEmpty { try await RowInsert.run(rows, on: db) }
    }

    /// Removes the marks read, unless a customer was marked again since (its mark differs).
    private static func clear(_ marks: [(UUID, Int64)], organizationID: UUID, on db: any Database) async throws {
        let sql = try db.sql
        for start in stride(from: 0, to: marks.count, by: 400) {
            let batch = marks[start..<min(start + 400, marks.count)]
            var values = SQLQueryString("")
            for (index, (id, mark)) in batch.enumerated() {
                values = values + (index == 0 ? "" : ", ") + "(\(bind: id), \(bind: mark))"
            }
            // The ids again on their own: SQLite reads the key's index for them, but not for the pairs of values.
            try await SQLRows.run("DELETE FROM duplicate_pairs_stale WHERE organization_id = \(bind: organizationID) "
                                  + "AND customer_id IN (\(binds: batch.map(\.0))) AND (customer_id, mark) IN (VALUES " + values + ")", on: sql)
        }
    }

    private static func group(_ rows: [any SQLRow], id: String) throws -> [[UUID]] {
        var groups: [String: [UUID]] = [:]
        for row in rows {
            let key = try row.decode(column: "k", as: String.self)
            groups[key, default: []].append(try row.decode(column: id, as: UUID.self))
        }
        return groups.values.filter { $0.count > 1 }
    }
}
