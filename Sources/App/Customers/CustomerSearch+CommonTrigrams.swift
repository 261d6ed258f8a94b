import ClienteleStore
import Fluent
import SQLKit

extension CustomerSearch {
    /// Rows of `customer_common_trigrams` a page takes, at most, to find its rows. When they hold less than a page and
    /// more may follow, the page is left to `rows`' other ways: those customers had the term's trigrams apart.
    static let commonTrigramWindow = 4_000

    /// The page of a term made of common trigrams sorted by name, either way, from `customer_common_trigrams`
    /// (PostgreSQL; migration 0035):
    ///
    /// 1. the rows of one of the term's trigrams (the rarest in the dictionary's order) are read in name order from
    ///    the cursor on, keeping those whose mask has every bit of the term's trigrams, at most
    ///    `commonTrigramWindow` of them;
    /// 2. each one's customer is read by its key and tested against the term itself and the caller's other limits,
    ///    until a page and one more are found. The rows' order is the page's: nothing is sorted.
    ///
    /// A customer who matches the term holds each of its trigrams, so she has a row there: the page misses no one.
    /// nil when the table does not serve the list: not PostgreSQL, not by name, another filter beside the term, a term
    /// with a trigram not in the dictionary (its matches are few, and the trigram indexes find them), a caller who
    /// sees part of the organization, an offset page, or a window that held less than a page before the end of the
    /// list. `CommonTrigramSearchTests` compares its pages with the term tested on every customer.
    func commonTrigramPage<Row>(_ parameters: CustomerListParameters, page: PageRequest, select: String,
                                decode: (any SQLRow) throws -> Row, key: (Row) -> CursorKey)
        async throws -> (rows: [Row], nextCursor: String?)? {
        guard SQLDialectKind(database) == .postgres, let q = parameters.q, parameters.sort == .name, parameters.filterCount == 1,
              access.seesWholeOrganization, page.after != nil || page.page == 1 else { return nil }
        let term = SearchTerm(q)
        guard let bits = CustomerTrigramMask.mask(ofTerm: term.text), bits.allCommon else { return nil }
        let sql = try database.sql
        let order = CustomerSortOrder(.name, descending: parameters.descending, dialect: .postgres)
        let organizationID = access.tenant.organizationID
        // Named `customers` inside, so that the cursor's condition (on customers.search_name, customers.seq) applies.
        var walk: [SQLQueryString] = [
            "customers.organization_id = \(bind: organizationID)",
            "customers.bit = \(bind: bits.rarestBit)",
            "customers.trigram_mask & \(bind: bits.mask) = \(bind: bits.mask)",
        ]
        if let after = page.after { walk.append(try order.after(cursor: after, organizationID: organizationID)) }
        let direction = parameters.descending ? "DESC" : "ASC"
        func candidates(_ columns: String) -> SQLQueryString {
            SQLQueryString("(SELECT \(unsafeRaw: columns) FROM customer_common_trigrams AS customers WHERE ") + joined(walk)
                + SQLQueryString(" ORDER BY customers.search_name \(unsafeRaw: direction), customers.seq \(unsafeRaw: direction)")
                + SQLQueryString(" LIMIT \(unsafeRaw: String(Self.commonTrigramWindow))) AS candidates")
        }
        var rest = parameters
        rest.q = nil
        let tests = [term.rowCondition(includesEmail: !access.isAgent)] + (try filterClause(rest, dialect: .postgres))
        let query = SQLQueryString("SELECT \(unsafeRaw: select) FROM ")
            + candidates("customers.seq AS candidate_seq, customers.search_name AS candidate_name")
            + " JOIN customers ON customers.organization_id = \(bind: organizationID) AND customers.seq = candidates.candidate_seq WHERE "
            + joined(tests)
            + SQLQueryString(" ORDER BY candidates.candidate_name \(unsafeRaw: direction), candidates.candidate_seq \(unsafeRaw: direction)")
            + SQLQueryString(" LIMIT \(unsafeRaw: String(page.perPage + 1))")
        var rows = try await SQLRows.all(query, on: sql).map(decode)
        if rows.count <= page.perPage {
            // Less than a page: the answer, if the window reached the end of the list; else the other ways'.
            let read = try await SQLRows.first(SQLQueryString("SELECT count(*) AS n FROM ") + candidates("1"), on: sql)?
                .decode(column: "n", as: Int.self) ?? 0
            return read < Self.commonTrigramWindow ? (rows, nil) : nil
        }
        rows.removeLast()
        return (rows, rows.last.map { order.cursor(key($0)) })
    }
}
