import ClienteleStore
import Fluent
import SQLKit

extension CustomerSearch {
    /// An organization up to this size is walked without asking how many match: at 14,000 index entries a
    /// millisecond, walking all of it takes 7 ms at most.
    static let maskedWalkAnyway = 100_000
    /// In a larger organization a term the sample does not show beyond `countCap` is counted up to this: fewer matches
    /// are read through the trigram indexes and sorted (about a microsecond each), more are walked for.
    static let maskedWalkSortCap = 10_000

    /// The page of a term made of common trigrams, sorted by name either way (PostgreSQL; migrations 0035 and 0036). A
    /// dense term's matches are found by walking the entries of its rarest trigram in `customer_trigram_postings`
    /// (organization, trigram, folded name, seq) from the cursor on, in the index alone, keeping the entries whose
    /// customer's `trigram_mask` has every bit of the term's trigrams, and testing each kept entry's customer against
    /// the term itself and the caller's limits until a page and one more pass. The walk's order is the page's: nothing
    /// is sorted. A customer who matches the term holds each of its trigrams, so she has an entry for each and her bits
    /// are set: the walk misses no one.
    ///
    /// Which way: one statement counts the organization's customers and reads the total's sample (`sample`; its answer
    /// is returned so the total does not read it again). In an organization of up to `walkAnyway` customers, the walk;
    /// beyond, a term the sample shows beyond `countCap` is walked for; else its matches past the cursor are counted up
    /// to `sortCap`, and fewer are read and sorted, more walked for.
    /// nil when the walk does not serve the list: not PostgreSQL, not by name, another filter beside the term, a term
    /// with a trigram not in the dictionary (its matches are few, and the trigram indexes find them), a caller who sees
    /// part of the organization, or an offset page. `MaskedNameWalkTests` compares its pages with the term tested on
    /// every customer, each way.
    func maskedNamePage<Row>(_ parameters: CustomerListParameters, page: PageRequest, select: String,
                             decode: (any SQLRow) throws -> Row, key: (Row) -> CursorKey,
                             walkAnyway: Int = Self.maskedWalkAnyway, sortCap: Int = Self.maskedWalkSortCap)
        async throws -> (rows: [Row], nextCursor: String?, sampledBeyondCap: Bool?)? {
        guard SQLDialectKind(database) == .postgres, let q = parameters.q, parameters.sort == .name, parameters.filterCount == 1,
              access.seesWholeOrganization, page.after != nil || page.page == 1 else { return nil }
        let term = SearchTerm(q)
        guard let bits = CustomerTrigramMask.mask(ofTerm: term.text), bits.allCommon else { return nil }
        let sql = try database.sql
        let order = CustomerSortOrder(.name, descending: parameters.descending, dialect: .postgres)
        let organizationID = access.tenant.organizationID
        let direction = parameters.descending ? "DESC" : "ASC"
        let byName = SQLQueryString(" ORDER BY customers.search_name \(unsafeRaw: direction), customers.seq \(unsafeRaw: direction)")
        var past: [SQLQueryString] = []
        if let after = page.after { past.append(try order.after(cursor: after, organizationID: organizationID)) }
        var rest = parameters
        rest.q = nil
        let tests = [term.rowCondition(includesEmail: !access.isAgent)] + (try filterClause(rest, dialect: .postgres))

        // The organization's customers and the total's sample in one statement.
        let sampled = try await sample(parameters)
        var walks = sampled.customers <= walkAnyway || sampled.beyondCap
        if !walks {
            walks = try await count(SQLQueryString("(SELECT 1 FROM customers WHERE ") + joined(tests + past)
                                    + SQLQueryString(" LIMIT \(unsafeRaw: String(sortCap))) AS matches"), on: sql) >= sortCap
        }
        let want = page.perPage + 1
        var rows: [Row] = []
        if walks {
            // The entries of the term's rarest bit, in runs, each from the last one's end (or the cursor's row): their
            // customers read by key and tested, in name order.
            var from: (name: String, seq: Int)? = try page.after.map { after in
                let position = try order.position(ofCursor: after)
                return (position.value ?? "", position.seq)
            }
            var run = want * 4
            let postings = CustomerTrigramMask.postingsTable
            while rows.count < want {
                var entries = [SQLQueryString("organization_id = \(bind: organizationID)"),
                               "trigram = \(unsafeRaw: String(bits.rarest))",
                               "trigram_mask & \(bind: bits.mask) = \(bind: bits.mask)"]
                if let from {
                    entries.append("(search_name, seq) \(unsafeRaw: parameters.descending ? "<" : ">") (\(bind: from.name), \(bind: from.seq))")
                }
                let found = try await SQLRows.all(SQLQueryString("SELECT search_name, seq FROM \(unsafeRaw: postings) WHERE ")
                                                  + joined(entries)
                                                  + SQLQueryString(" ORDER BY search_name \(unsafeRaw: direction), seq \(unsafeRaw: direction) LIMIT \(unsafeRaw: String(run))"), on: sql)
                    .map { (name: try $0.decode(column: "search_name", as: String.self), seq: try $0.decode(column: "seq", as: Int.self)) }
                if !found.isEmpty {
                    let seqs = found.map { Int64($0.seq) }
                    rows += try await SQLRows.all(SQLQueryString("SELECT \(unsafeRaw: select) FROM customers WHERE ")
                                                  + joined(tests + ["customers.seq = ANY(\(bind: seqs))"]) + byName
                                                  + SQLQueryString(" LIMIT \(unsafeRaw: String(want - rows.count))"), on: sql).map(decode)
                }
                if found.count < run { break }
                from = found.last
                run = min(run * 2, 10_000)
            }
        } else {
            // `|| ''` and `+ 0` keep PostgreSQL from walking the name index for the order (a heap row each): the
            // matches come from the trigram indexes, and the few are sorted.
            rows = try await SQLRows.all(SQLQueryString("SELECT \(unsafeRaw: select) FROM customers WHERE ") + joined(tests + past)
                                         + SQLQueryString(" ORDER BY customers.search_name || '' \(unsafeRaw: direction), customers.seq + 0 \(unsafeRaw: direction)")
                                         + SQLQueryString(" LIMIT \(unsafeRaw: String(want))"), on: sql).map(decode)
        }
        guard rows.count > page.perPage else { return (rows, nil, sampled.beyondCap) }
        rows.removeLast()
        return (rows, rows.last.map { order.cursor(key($0)) }, sampled.beyondCap)
    }
}
