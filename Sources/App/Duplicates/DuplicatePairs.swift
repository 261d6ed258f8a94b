import ClienteleCore
import Fluent
import Foundation
import SQLKit

/// The likely pairs of an organization, best first: read from the kept pairs (`DuplicatePairIndex`), brought up to
/// date first.
struct DuplicatePairs {
    let database: any Database
    let organizationID: UUID

    /// A page by number, or after a `cursor` (the last pair of the previous page): a cursor keeps its place when
    /// pairs come and go between pages.
    func page(_ request: PageRequest) async throws -> Page<DuplicatePair> {
        var after: SortKey?
        if let cursor = request.after {
            guard let key = SortKey(cursor: cursor) else { throw Problem.invalid("cursor", "is not a cursor this server issued") }
            after = key
        }
        try await DuplicatePairIndex(database: database, organizationID: organizationID).refresh()
        let sql = try database.sql
        var query: SQLQueryString = """
            SELECT p.first_id, p.second_id, p.score, p.reasons, a.name AS a_name, b.name AS b_name FROM duplicate_pairs p
            JOIN customers a ON a.id = p.first_id AND a.organization_id = p.organization_id
            JOIN customers b ON b.id = p.second_id AND b.organization_id = p.organization_id
            WHERE p.organization_id = \(bind: organizationID)
            """
        if let after {
            query = query + """
                 AND (p.score < \(bind: after.score) OR (p.score = \(bind: after.score) AND (p.first_id, p.second_id) > (\(bind: after.a), \(bind: after.b))))
                """
        }
        query = query + SQLQueryString(" ORDER BY p.score DESC, p.first_id, p.second_id LIMIT \(unsafeRaw: String(request.perPage + 1))")
        if after == nil, request.offset > 0 { query = query + SQLQueryString(" OFFSET \(unsafeRaw: String(request.offset))") }
        var pairs = try await SQLRows.all(query, on: sql).map { row in
            DuplicatePair(a: .init(id: try row.decode(column: "first_id", as: UUID.self), name: try row.decode(column: "a_name", as: String.self)),
                          b: .init(id: try row.decode(column: "second_id", as: UUID.self), name: try row.decode(column: "b_name", as: String.self)),
                          score: try row.decode(column: "score", as: Int.self),
                          reasons: try row.decode(column: "reasons", as: String.self).split(separator: ",").map(String.init))
        }
        let hasMore = pairs.count > request.perPage
        if hasMore { pairs.removeLast() }
        let total = try await SQLRows.first("SELECT count(*) AS n FROM duplicate_pairs WHERE organization_id = \(bind: organizationID)", on: sql)?
            .decode(column: "n", as: Int.self) ?? 0
        let cursor = hasMore ? pairs.last.map { Data(SortKey($0).cursor.utf8).base64URLEncodedString() } : nil
        return Page(pairs, total: total, nextCursor: cursor, request: request)
    }

    /// The order of the list: score descending, then the pair's ids ascending (`a` before `b` in each pair).
    struct SortKey {
        let score: Int
        let a: UUID
        let b: UUID

        init(_ pair: DuplicatePair) { (score, a, b) = (pair.score, pair.a.id, pair.b.id) }

        init?(cursor: String) {
            let parts = cursor.split(separator: " ").map(String.init)
            guard parts.count == 3, let score = Int(parts[0]), let a = UUID(uuidString: parts[1]), let b = UUID(uuidString: parts[2])
            else { return nil }
            (self.score, self.a, self.b) = (score, a, b)
        }

        var cursor: String { "\(score) \(a.uuidString) \(b.uuidString)" }
    }

    /// Two customer ids, the smaller (as text) first.
    struct Pair: Hashable {
        let first: UUID
        let second: UUID
        init(_ a: UUID, _ b: UUID) { (first, second) = a.uuidString < b.uuidString ? (a, b) : (b, a) }
    }

    /// A pair as kept: its ids, score and reasons (comma-separated).
    struct Stored: Hashable {
        let first: UUID
        let second: UUID
        let score: Int
        let reasons: String

        init(_ pair: DuplicatePair) {
            (first, second, score, reasons) = (pair.a.id, pair.b.id, pair.score, pair.reasons.joined(separator: ","))
        }
    }
}
