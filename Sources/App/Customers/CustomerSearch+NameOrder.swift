import Fluent
import SQLKit

extension CustomerSearch {
    /// Entries of `customers_name_order` a page reads, in name order, to find its rows. When that many hold less than
    /// a page and more entries match, the page is left to `rows`' other ways: the entries were another organization's
    /// customers, or had the term's trigrams without the term.
    static let nameOrderWindow = 4_000
    /// The most entries a page sorts exactly: its first matches and every entry that shares the last one's key (the
    /// name's first seven characters). More, and the page is left to `rows`' other ways.
    static let nameOrderGroupCap = 5_000

    /// The page of a dense term sorted by name, either way, from `customers_name_order` (SQLite; migration 0033),
    /// whose row ids follow the name order up to the name's first seven characters:
    ///
    /// 1. the term's entries are read in row id order from the cursor's key on, each tested on its customer (the
    ///    caller's organization, the term itself, any other filter, past the cursor), until a page and one more are
    ///    found. Call the last one's key K;
    /// 2. no customer whose key comes after K can be on the page (a name past another's never has a smaller key), so
    ///    the page is the first of the entries up to K's end, sorted by name and `seq` exactly.
    ///
    /// nil when the index does not serve the list: not SQLite, not by name, a caller who sees part of the
    /// organization, an offset page, a customer beyond `CustomerNameOrder.seqLimit`, or more entries than
    /// `nameOrderWindow` or `nameOrderGroupCap` to read. `NameOrderSearchTests` and `DenseSearchTests` compare its
    /// pages with the same search sorted in SQL.
    func nameOrderPage<Row>(_ parameters: CustomerListParameters, page: PageRequest, select: String,
                            decode: (any SQLRow) throws -> Row, key: (Row) -> CursorKey)
        async throws -> (rows: [Row], nextCursor: String?)? {
        guard SQLDialectKind(database) == .sqlite, let q = parameters.q, parameters.sort == .name,
              access.seesWholeOrganization, page.after != nil || page.page == 1 else { return nil }
        let term = SearchTerm(q)
        guard let match = term.trigramMatch else { return nil }
        let sql = try database.sql
        let newest = try await SQLRows.first("SELECT max(seq) AS n FROM customers", on: sql)?
            .decode(column: "n", as: Int64?.self) ?? nil
        guard (newest ?? 0) < CustomerNameOrder.seqLimit else { return nil }

        let descending = parameters.descending
        let order = CustomerSortOrder(.name, descending: descending, dialect: .sqlite)
        let organizationID = access.tenant.organizationID
        var tests = [term.rowCondition(includesEmail: !access.isAgent)] + (try rowTests(besidesTermOf: parameters))
        var range: [SQLQueryString] = []
        if let after = page.after {
            tests.append(try order.after(cursor: after, organizationID: organizationID))
            let name = try order.position(ofCursor: after).value ?? ""
            let cursorKey = SQLQueryString("(SELECT \(unsafeRaw: CustomerNameOrder.key(of: "cursor.name")) FROM (SELECT ")
                + "\(bind: name) AS name) AS cursor)"
            range.append(descending ? rowids(below: SQLQueryString("(") + cursorKey + " + 1)") : rowids(from: cursorKey))
        }
        let table = CustomerNameOrder.table
        func entries(_ range: [SQLQueryString], limit: Int?) -> SQLQueryString {
            var query = SQLQueryString("(SELECT rowid AS entry FROM \(unsafeRaw: table) WHERE \(unsafeRaw: table) MATCH \(bind: match)")
            for bound in range { query = query + " AND " + bound }
            if let limit { query = query + SQLQueryString(" ORDER BY rowid \(unsafeRaw: descending ? "DESC" : "ASC") LIMIT \(unsafeRaw: String(limit))") }
            return query + ") AS entries"
        }
        let customers = SQLQueryString(" CROSS JOIN customers ON customers.seq = (entries.entry & \(unsafeRaw: String(CustomerNameOrder.seqLimit - 1))) WHERE ")
            + joined(tests)

        // 1. The first matches in row id order (read as a co-routine: the LIMIT stops the walk).
        let found = try await SQLRows.all(SQLQueryString("SELECT entries.entry AS entry FROM ") + entries(range, limit: Self.nameOrderWindow)
                                          + customers + SQLQueryString(" LIMIT \(unsafeRaw: String(page.perPage + 1))"), on: sql)
            .map { try $0.decode(column: "entry", as: Int64.self) }
        var candidates = range
        if let last = found.last, found.count > page.perPage {
            let boundary = last >> Int64(CustomerNameOrder.seqBits)
            candidates.append(descending ? rowids(from: "\(unsafeRaw: String(boundary))")
                                         : rowids(below: "\(unsafeRaw: String(boundary + 1))"))
        } else if try await count(entries(range, limit: Self.nameOrderWindow), on: sql) >= Self.nameOrderWindow {
            return nil
        }
        guard try await count(entries(candidates, limit: Self.nameOrderGroupCap + 1), on: sql) <= Self.nameOrderGroupCap else {
            return nil
        }

        // 2. Those entries' customers, sorted exactly.
        var rows = try await SQLRows.all(SQLQueryString("SELECT \(unsafeRaw: select) FROM ") + entries(candidates, limit: nil) + customers
                                         + SQLQueryString(" ORDER BY \(unsafeRaw: order.orderBy) LIMIT \(unsafeRaw: String(page.perPage + 1))"),
                                         on: sql).map(decode)
        let hasMore = rows.count > page.perPage
        if hasMore { rows.removeLast() }
        return (rows, hasMore ? rows.last.map { order.cursor(key($0)) } : nil)
    }

    /// Row ids whose key is at least `key` (an SQL expression).
    private func rowids(from key: SQLQueryString) -> SQLQueryString {
        SQLQueryString("rowid >= (") + key + SQLQueryString(" << \(unsafeRaw: String(CustomerNameOrder.seqBits)))")
    }

    /// Row ids whose key is below `key`.
    private func rowids(below key: SQLQueryString) -> SQLQueryString {
        SQLQueryString("rowid < (") + key + SQLQueryString(" << \(unsafeRaw: String(CustomerNameOrder.seqBits)))")
    }

    /// The rows of `source` (a subquery with its alias), counted.
    func count(_ source: SQLQueryString, on sql: any SQLDatabase) async throws -> Int {
        try await SQLRows.first(SQLQueryString("SELECT count(*) AS n FROM ") + source, on: sql)?.decode(column: "n", as: Int.self) ?? 0
    }
}
