import ClienteleStore
import Foundation
import SQLKit

/// `NewestFirstPage` for tables read with plain SQL: rows of `table` matching `condition`, newest first by `seq`,
/// by keyset cursor or by page number.
enum SQLNewestFirstPage {
    static func fetch<Item>(
        from table: String, columns: String, where condition: SQLQueryString, _ page: PageRequest, on sql: any SQLDatabase,
        decode: (any SQLRow) throws -> Item
    ) async throws -> (items: [Item], total: Int, nextCursor: String?) {
        var query = "SELECT seq, \(unsafeRaw: columns) FROM \(ident: table) WHERE " + condition
        if let after = page.after {
            guard let last = Int64(after) else { throw Problem.invalid("cursor", "is not a cursor this server issued") }
            query = query + " AND seq < \(bind: last) ORDER BY seq DESC LIMIT \(literal: page.perPage + 1)"
        } else {
            query = query + " ORDER BY seq DESC LIMIT \(literal: page.perPage + 1) OFFSET \(literal: page.offset)"
        }
        var rows = try await SQLRows.all(query, on: sql)
        let hasMore = rows.count > page.perPage
        if hasMore { rows.removeLast() }
        var total = rows.count
        if hasMore || page.after != nil || page.page != 1 {
            let row = try await SQLRows.first("SELECT COUNT(*) AS n FROM \(ident: table) WHERE " + condition, on: sql)
            total = try row?.decode(column: "n", as: Int.self) ?? 0
        }
        let cursor = hasMore ? try rows.last.map { Data(String(try $0.decode(column: "seq", as: Int64.self)).utf8).base64URLEncodedString() } : nil
        return (try rows.map(decode), total, cursor)
    }
}
