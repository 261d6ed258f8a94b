import ClienteleStore
import Fluent
import SQLKit

extension CustomerSearch {
    /// Entries of the name index a page reads, at most, before it asks how many customers match: at 14,000 entries a
    /// millisecond, about 7 ms.
    static let maskedWalkWindow = 100_000
    /// When the window held less than a page: fewer matches than this (past the cursor) are read and sorted, which
    /// costs about a microsecond each; more, and the walk goes on to the end of the list (70 ms a million entries at
    /// most), since they then sit further on, clustered.
    static let maskedWalkSortCap = 10_000

    /// The page of a term made of common trigrams, sorted by name either way (PostgreSQL; migration 0035):
    ///
    /// 1. the name index (`customers_org_name_idx`) is walked from the cursor on in the index alone, keeping the
    ///    entries whose `trigram_mask` has every bit of the term's trigrams, at most `window` entries;
    /// 2. each kept entry's customer is read by its key and tested against the term itself and the caller's limits,
    ///    until a page and one more are found. The walk's order is the page's: nothing is sorted;
    /// 3. when the window held less than a page and did not reach the end of the list, the term's matches past the
    ///    cursor are counted up to `sortCap`: fewer are read through the trigram indexes and sorted, more are walked
    ///    for to the end of the list.
    ///
    /// A customer who matches the term holds each of its trigrams, so her bits are set: the walk misses no one. nil
    /// when the walk does not serve the list: not PostgreSQL, not by name, another filter beside the term, a term with
    /// a trigram not in the dictionary (its matches are few, and the trigram indexes find them), a caller who sees part
    /// of the organization, or an offset page. `MaskedNameWalkTests` compares its pages with the term tested on every
    /// customer, with small windows and caps to take each way.
    func maskedNamePage<Row>(_ parameters: CustomerListParameters, page: PageRequest, select: String,
                             decode: (any SQLRow) throws -> Row, key: (Row) -> CursorKey,
                             window: Int = Self.maskedWalkWindow, sortCap: Int = Self.maskedWalkSortCap)
        async throws -> (rows: [Row], nextCursor: String?)? {
        guard SQLDialectKind(database) == .postgres, let q = parameters.q, parameters.sort == .name, parameters.filterCount == 1,
              access.seesWholeOrganization, page.after != nil || page.page == 1 else { return nil }
        let term = SearchTerm(q)
        guard let bits = CustomerTrigramMask.mask(ofTerm: term.text), bits.allCommon else { return nil }
        let sql = try database.sql
        let order = CustomerSortOrder(.name, descending: parameters.descending, dialect: .postgres)
        let organizationID = access.tenant.organizationID
        let direction = parameters.descending ? "DESC" : "ASC"
        let limit = SQLQueryString(" LIMIT \(unsafeRaw: String(page.perPage + 1))")
        var past: [SQLQueryString] = []
        if let after = page.after { past.append(try order.after(cursor: after, organizationID: organizationID)) }
        var rest = parameters
        rest.q = nil
        let tests = [term.rowCondition(includesEmail: !access.isAgent)] + (try filterClause(rest, dialect: .postgres)) + past

        // The name index's entries from the cursor on, in order, at most `entries` of them; read in the index alone.
        func entries(_ columns: String, upTo entries: Int?) -> SQLQueryString {
            SQLQueryString("(SELECT \(unsafeRaw: columns) FROM customers WHERE ")
                + joined(["customers.organization_id = \(bind: organizationID)"] + past)
                + SQLQueryString(" ORDER BY customers.search_name \(unsafeRaw: direction), customers.seq \(unsafeRaw: direction)")
                + SQLQueryString(entries.map { " LIMIT \($0)" } ?? "") + ") AS entries"
        }
        func walk(upTo window: Int?) async throws -> [Row] {
            let candidates = SQLQueryString("(SELECT entries.search_name AS candidate_name, entries.seq AS candidate_seq FROM ")
                + entries("customers.search_name, customers.seq, customers.trigram_mask", upTo: window)
                + " WHERE entries.trigram_mask & \(bind: bits.mask) = \(bind: bits.mask)) AS candidates"
            let query = SQLQueryString("SELECT \(unsafeRaw: select) FROM ") + candidates
                + " JOIN customers ON customers.organization_id = \(bind: organizationID) AND customers.seq = candidates.candidate_seq WHERE "
                + joined(tests)
                + SQLQueryString(" ORDER BY candidates.candidate_name \(unsafeRaw: direction), candidates.candidate_seq \(unsafeRaw: direction)")
                + limit
            return try await SQLRows.all(query, on: sql).map(decode)
        }
        func paged(_ rows: [Row]) -> (rows: [Row], nextCursor: String?) {
            guard rows.count > page.perPage else { return (rows, nil) }
            let shown = Array(rows.prefix(page.perPage))
            return (shown, shown.last.map { order.cursor(key($0)) })
        }

        let found = try await walk(upTo: window)
        if found.count > page.perPage { return paged(found) }
        let read = try await count(entries("1", upTo: window), on: sql)
        if read < window { return (found, nil) }

        // The window held less than a page: few matches are sorted, many are walked for.
        let matches = try await count(SQLQueryString("(SELECT 1 FROM customers WHERE ") + joined(tests)
                                      + SQLQueryString(" LIMIT \(unsafeRaw: String(sortCap))) AS matches"), on: sql)
        if matches >= sortCap { return paged(try await walk(upTo: nil)) }
        // `|| ''` and `+ 0` keep PostgreSQL from walking the name index for the order (a heap row each): the matches
        // come from the trigram indexes, and the few are sorted.
        let sorted = SQLQueryString("SELECT \(unsafeRaw: select) FROM customers WHERE ") + joined(tests)
            + SQLQueryString(" ORDER BY customers.search_name || '' \(unsafeRaw: direction), customers.seq + 0 \(unsafeRaw: direction)")
            + limit
        return paged(try await SQLRows.all(sorted, on: sql).map(decode))
    }
}
