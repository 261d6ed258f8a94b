import ClienteleCore
import Fluent
import Foundation
import SQLKit

/// The likely pairs of an organization, best first. Every match shares a phone, a mailbox, a similar name with a
/// similar email local part, or an address (a name alone never matches), so the pairs come from the groups of equal
/// keys — read from the keys' indexes — and only those are scored.
struct DuplicatePairs {
    /// Members of one group of equal keys that are paired at most: a mailbox shared by a whole office stays cheap.
    static let maxGroup = 100

    let database: any Database
    let organizationID: UUID

    /// A page by number, or after a `cursor` (the last pair of the previous page): a cursor keeps its place when
    /// pairs come and go between pages.
    func page(_ request: PageRequest) async throws -> Page<DuplicatePair> {
        let pairs = try await all()
        var start = min(request.offset, pairs.count)
        if let after = request.after {
            guard let key = SortKey(cursor: after) else { throw Problem.invalid("cursor", "is not a cursor this server issued") }
            start = pairs.firstIndex { key.precedes(SortKey($0)) } ?? pairs.count
        }
        let end = min(start + request.perPage, pairs.count)
        let slice = Array(pairs[start..<end])
        let cursor = end < pairs.count ? slice.last.map { Data(SortKey($0).cursor.utf8).base64URLEncodedString() } : nil
        return Page(slice, total: pairs.count, nextCursor: cursor, request: request)
    }

    /// The order of the list: score descending, then the pair's ids ascending (`a` before `b` in each pair).
    struct SortKey {
        let score: Int
        let a: String
        let b: String

        init(_ pair: DuplicatePair) { (score, a, b) = (pair.score, pair.a.id.uuidString, pair.b.id.uuidString) }

        init?(cursor: String) {
            let parts = cursor.split(separator: " ").map(String.init)
            guard parts.count == 3, let score = Int(parts[0]), UUID(uuidString: parts[1]) != nil, UUID(uuidString: parts[2]) != nil
            else { return nil }
            (self.score, a, b) = (score, parts[1], parts[2])
        }

        var cursor: String { "\(score) \(a) \(b)" }

        /// Whether a pair with this key comes before one with `other`.
        func precedes(_ other: SortKey) -> Bool { (other.score, a, b) < (score, other.a, other.b) }
    }

    /// Every matching pair, best first (then by the ids, for a stable order across pages).
    func all() async throws -> [DuplicatePair] {
        let sql = try database.sql
        var groups: [[UUID]] = []
        for column in ["dup_phone_key", "dup_email_key", "dup_email_local_key"] {
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

        var candidates = Set<Pair>()
        for group in groups {
            let members = Array(group.sorted { $0.uuidString < $1.uuidString }.prefix(Self.maxGroup))
            for i in members.indices { for j in members.indices where j > i { candidates.insert(Pair(members[i], members[j])) } }
        }
        guard !candidates.isEmpty else { return [] }
        let ids = Array(Set(candidates.flatMap { [$0.first, $0.second] }))
        let profiles = try await DuplicateCandidates(sql: sql, organizationID: organizationID).profiles(ids)
        var pairs: [DuplicatePair] = []
        for pair in candidates {
            guard let first = profiles[pair.first], let second = profiles[pair.second] else { continue }
            let (a, b) = (first.0, second.0)
            let verdict = DuplicateScorer.compare(first.1, second.1)
            guard verdict.isMatch else { continue }
            pairs.append(DuplicatePair(a: .init(id: a.id, name: a.name), b: .init(id: b.id, name: b.name),
                                       score: verdict.score, reasons: verdict.reasons))
        }
        return pairs.sorted { SortKey($0).precedes(SortKey($1)) }
    }

    /// Two customer ids, the smaller (as text) first.
    struct Pair: Hashable {
        let first: UUID
        let second: UUID
        init(_ a: UUID, _ b: UUID) { (first, second) = a.uuidString < b.uuidString ? (a, b) : (b, a) }
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
