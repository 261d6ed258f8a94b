import Fluent
import FluentSQL
import SQLKit
import Vapor

/// Lists and searches one organization's customers with keyset pagination. A search is driven by the
/// substring index (FTS5 trigram on SQLite, pg_trgm on PostgreSQL), which is written with each record.
struct CustomerSearch {
    static let countCap = 10_000

    let database: any Database
    let access: CustomerAccess

    struct Result {
        let customers: [Customer]
        let total: Int
        let totalIsEstimate: Bool
        let nextCursor: String?
    }

    /// What a cursor is made of: the row's sort values.
    struct CursorKey {
        let seq: Int
        let searchName: String
        let totalSpentMinor: Int64
        let lastOrderAt: Date?
        var loyaltyPoints = 0
    }

    /// One page of rows of any shape: `select` names the columns, `decode` reads a row, `key` gives the sort values
    /// of the last row for the next cursor. An export reads only its columns into a plain struct; a list, whole
    /// customers (`run`).
    func rows<Row>(_ parameters: CustomerListParameters, page: PageRequest, select: String,
                   decode: (any SQLRow) throws -> Row, key: (Row) -> CursorKey)
        async throws -> (rows: [Row], nextCursor: String?, plan: CustomerFilterPlan?, dense: Bool, sampledBeyondCap: Bool?) {
        if let found = try await maskedNamePage(parameters, page: page, select: select, decode: decode, key: key) {
            return (found.rows, found.nextCursor, nil, false, found.sampledBeyondCap)
        }
        let sql = try database.sql
        let dialect = SQLDialectKind(database)
        var from = fromClause(parameters, dialect: dialect)
        var dense = false
        if from != "customers", let term = parameters.q.map(SearchTerm.init) {
            dense = try await isDense(term)
            if dense, parameters.filterCount == 1,
               let found = try await densePage(parameters, page: page, select: select, decode: decode, key: key) {
                return (found.rows, found.nextCursor, nil, true, nil)
            }
            // A dense term is one more filter: the sort order's index (or a smaller filter's) drives, not its matches.
            // Newest first, the index's own order is the list's: its matches are walked backwards, none sorted.
            if dense, parameters.sort != .createdAt || parameters.filterCount > 1 { from = "customers" } else { dense = false }
        }
        let order = CustomerSortOrder(parameters.sort, descending: parameters.descending, dialect: dialect,
                                      drivenBySearchIndex: from != "customers")
        var plan: CustomerFilterPlan?
        if dialect == .sqlite, from == "customers" {
            let customers = try await CustomerCounter(database: database).count(for: access.tenant.organizationID)
            plan = try await CustomerFilterPlan.choose(parameters, access: access, on: sql,
                                                       cap: CustomerFilterPlan.drivingCap(perPage: page.perPage, customers: customers))
            if plan?.isEmpty == true { return ([], nil, plan, dense, nil) }
            // No other filter is small enough to drive: they are tested on each row like the term.
            if dense, parameters.filterCount > 1, plan?.driver == nil,
               let found = try await densePage(parameters, page: page, select: select, decode: decode, key: key) {
                return (found.rows, found.nextCursor, nil, true, nil)
            }
        }
        var conditions = try filterClause(parameters, dialect: dialect, plan: plan, denseTerm: dense)
        if let after = page.after {
            conditions.append(try order.after(cursor: after, organizationID: access.tenant.organizationID))
        }
        let source = plan?.from(organizationID: access.tenant.organizationID) ?? SQLQueryString(from)
        let query = SQLQueryString("SELECT \(unsafeRaw: select) FROM ") + source + " WHERE "
            + joined(conditions) + SQLQueryString(" ORDER BY \(unsafeRaw: order.orderBy) LIMIT \(unsafeRaw: String(page.perPage + 1))")
            + (page.after == nil && page.page > 1 ? SQLQueryString(" OFFSET \(unsafeRaw: String(page.offset))") : "")
        let selective = parameters.q.map(SearchTerm.init)?.isSelectivePhoneFragment == true
        var rows = try await SQLRows.all(query, on: sql, byKey: selective).map(decode)
        let hasMore = rows.count > page.perPage
        if hasMore { rows.removeLast() }
        return (rows, hasMore ? rows.last.map { order.cursor(key($0)) } : nil, plan, dense, nil)
    }

    /// A term more customers match than `denseMatches` (in the index, all organizations together) is not answered by
    /// sorting its matches: for one page they would all be read and sorted (`?q=ann&sort=name`, tens of thousands of
    /// rows at a million customers). Sorted by name, the term's entries in the name-order index are read from the
    /// cursor on (`nameOrderPage`). Sorted by amount, points or last order, the sort order's index is walked and each
    /// row tested against the term (`walk`), which finds a page within a few hundred rows. Otherwise (by creation; with
    /// another filter; or when the name-order index or the walk's window held too few) the term is one more filter: its matches' row numbers are read once from the index into a set, and the
    /// sort order's index (or a smaller filter's, `CustomerFilterPlan`) is walked testing membership, which costs an
    /// index entry per row, not a row.
    static let denseMatches = 5_000
    /// The walk reads at most this many rows in the sort order; when they hold less than a page the index answers.
    static let walkWindow = 4_000

    /// The page of a dense term read in the list's order, the term and any other filter tested on each row: from the
    /// name-order index by name (`nameOrderPage`), else by walking the sort order (`walk`); nil when neither serves.
    private func densePage<Row>(_ parameters: CustomerListParameters, page: PageRequest, select: String,
                                decode: (any SQLRow) throws -> Row, key: (Row) -> CursorKey)
        async throws -> (rows: [Row], nextCursor: String?)? {
        if let found = try await nameOrderPage(parameters, page: page, select: select, decode: decode, key: key) { return found }
        return try await walk(parameters, page: page, select: select, decode: decode, key: key)
    }

    /// The filters besides the term, as tests of a row (`densePage`), with the organization's condition unless the
    /// caller's rows already come from the organization alone (the walk's window).
    func rowTests(besidesTermOf parameters: CustomerListParameters, organization: Bool = true) throws -> [SQLQueryString] {
        var rest = parameters
        rest.q = nil
        return try filterClause(rest, dialect: .sqlite, organization: organization)
    }

    /// The page of a dense term found by the walk; nil when the term is not dense, the list is not one the walk serves
    /// (SQLite, sorted by a column, a caller who sees the whole organization, no offset), or the window held less than
    /// a page and did not reach the end of the list.
    private func walk<Row>(_ parameters: CustomerListParameters, page: PageRequest, select: String,
                           decode: (any SQLRow) throws -> Row, key: (Row) -> CursorKey)
        async throws -> (rows: [Row], nextCursor: String?)? {
        guard let q = parameters.q, parameters.sort != .createdAt, parameters.sort != .name,
              access.seesWholeOrganization,
              page.after != nil || page.page == 1 else { return nil }
        let term = SearchTerm(q)
        let sql = try database.sql
        let order = CustomerSortOrder(parameters.sort, descending: parameters.descending, dialect: .sqlite)
        var window: [SQLQueryString] = ["customers.organization_id = \(bind: access.tenant.organizationID)"]
        if let after = page.after { window.append(try order.after(cursor: after, organizationID: access.tenant.organizationID)) }
        func windowed(_ columns: String) -> SQLQueryString {
            SQLQueryString("(SELECT \(unsafeRaw: columns) FROM customers WHERE ") + joined(window)
                + SQLQueryString(" ORDER BY \(unsafeRaw: order.orderBy) LIMIT \(unsafeRaw: String(Self.walkWindow))) AS customers")
        }
        // No ORDER BY outside: the window is read as a co-routine, in its order, and the LIMIT stops the walk at the
        // page's last match (a few hundred rows) instead of sorting the whole window's matches. `DenseSearchTests`
        // compares every page with the same search sorted in SQL.
        let query = SQLQueryString("SELECT \(unsafeRaw: select) FROM ") + windowed("*") + " WHERE "
            + joined([term.rowCondition()] + (try rowTests(besidesTermOf: parameters, organization: false)))
            + SQLQueryString(" LIMIT \(unsafeRaw: String(page.perPage + 1))")
        var rows = try await SQLRows.all(query, on: sql).map(decode)
        if rows.count <= page.perPage {
            // Less than a page in the window: the answer, if the window reached the end of the list; else the index's.
            let read = try await SQLRows.first("SELECT count(*) AS n FROM " + windowed("customers.seq"), on: sql)?
                .decode(column: "n", as: Int.self) ?? 0
            return read < Self.walkWindow ? (rows, nil) : nil
        }
        rows.removeLast()
        return (rows, rows.last.map { order.cursor(key($0)) })
    }

    /// Whether more than `denseMatches` entries of the index match the term (SQLite).
    private func isDense(_ term: SearchTerm) async throws -> Bool {
        try await indexMatches(term.condition(dialect: .sqlite), upTo: Self.denseMatches + 1, on: try database.sql) > Self.denseMatches
    }

    /// The index's entries that `match` (all organizations together), counted up to `limit`.
    private func indexMatches(_ match: SQLQueryString, upTo limit: Int, on sql: any SQLDatabase) async throws -> Int {
        try await SQLRows.first(SQLQueryString("SELECT count(*) AS n FROM (SELECT 1 FROM customers_fts WHERE ") + match
                                + SQLQueryString(" LIMIT \(unsafeRaw: String(limit))) AS matches"), on: sql)?
            .decode(column: "n", as: Int.self) ?? 0
    }

    func run(_ parameters: CustomerListParameters, page: PageRequest) async throws -> Result {
        let dialect = SQLDialectKind(database)
        let (customers, nextCursor, plan, dense, sampled) = try await rows(
            parameters, page: page, select: "customers.*", decode: { try $0.model(Customer.self) },
            key: { CursorKey(seq: $0.seq ?? 0, searchName: $0.searchName, totalSpentMinor: $0.totalSpentMinor, lastOrderAt: $0.lastOrderAt,
                             loyaltyPoints: $0.loyaltyPoints) })
        let hasMore = nextCursor != nil
        let sql = try database.sql
        let filters = try filterClause(parameters, dialect: dialect)
        let from = fromClause(parameters, dialect: dialect)

        if !parameters.isFiltered, access.seesWholeOrganization {
            let total = try await CustomerCounter(database: database).count(for: access.tenant.organizationID)
            return Result(customers: customers, total: total, totalIsEstimate: false, nextCursor: nextCursor)
        }
        if !hasMore, page.after == nil, page.page == 1 || !customers.isEmpty {
            // The last page of an offset walk (or the only page): what came back is all there is.
            let total = page.offset + customers.count
            return Result(customers: customers, total: total, totalIsEstimate: false, nextCursor: nil)
        }
        if let plan, plan.driver != nil, !access.isAgent, parameters.filterCount + (access.managedByOnly == nil ? 0 : 1) == 1 {
            // The only filter drove the page, and its rows were counted to choose that.
            return Result(customers: customers, total: plan.driverCount, totalIsEstimate: false, nextCursor: nextCursor)
        }
        if let plan, plan.driver != nil {
            // The driver's rows (at most a few thousand) are all there is to test: an exact count.
            let query = SQLQueryString("SELECT count(*) AS n FROM ") + plan.from(organizationID: access.tenant.organizationID)
                + " WHERE " + joined(try filterClause(parameters, dialect: dialect, plan: plan, denseTerm: dense))
            let total = try await SQLRows.first(query, on: sql)?.decode(column: "n", as: Int.self) ?? 0
            return Result(customers: customers, total: total, totalIsEstimate: false, nextCursor: nextCursor)
        }
        let filterTotal = parameters.filterCount + (access.managedByOnly == nil ? 0 : 1) + (access.isAgent ? 1 : 0)
        if let plan, plan.driver == nil, filterTotal > 1, let bounded = CustomerFilterPlan.boundedCount(parameters, access: access) {
            let conditions = try filterClause(parameters, dialect: dialect, tagAsJoin: bounded.coversTag, denseTerm: dense)
            let counted = try await sql.raw(SQLQueryString("SELECT count(*) AS n FROM (SELECT 1 FROM ") + bounded.from + " WHERE "
                                            + joined(conditions) + SQLQueryString(" LIMIT \(unsafeRaw: String(Self.countCap + 1))) AS matches"))
                .first()?.decode(column: "n", as: Int.self) ?? 0
            if counted > Self.countCap {
                return Result(customers: customers, total: Self.countCap, totalIsEstimate: true, nextCursor: nextCursor)
            }
            let candidates = try await SQLRows.first(bounded.rows, on: sql)?.decode(column: "n", as: Int.self) ?? 0
            return Result(customers: customers, total: counted, totalIsEstimate: candidates > CustomerFilterPlan.examineCap,
                          nextCursor: nextCursor)
        }
        if from != "customers", let term = parameters.q.map(SearchTerm.init) {
            return try await searchCount(term, parameters, dialect: dialect, customers: customers, nextCursor: nextCursor)
        }
        // A first page newest first holds the newest matches: how far back they reach tells how dense the term is.
        let newestPage = parameters.sort == .createdAt && parameters.descending && page.after == nil && page.offset == 0
            ? customers.last?.seq.map { (matches: customers.count, oldestSeq: $0) } : nil
        // The sample, unless the page has read it already (`maskedNamePage`).
        var beyondCap = sampled
        if beyondCap == nil, dialect == .postgres, parameters.q != nil {
            beyondCap = try await sampleSaysBeyondCap(parameters, newestPage: newestPage)
        }
        if beyondCap == true {
            return Result(customers: customers, total: Self.countCap, totalIsEstimate: true, nextCursor: nextCursor)
        }
        let count: SQLQueryString
        if let tag = parameters.tag, from == "customers" {
            // Counted from the tag's rows: probing every customer of the organization against the tag's list
            // would read them all.
            let tagged = try filterClause(parameters, dialect: dialect, tagAsJoin: true) + [
                "customer_tags.organization_id = \(bind: access.tenant.organizationID)", "customer_tags.tag_key = \(bind: tag)",
            ]
            // CROSS JOIN fixes SQLite's join order; PostgreSQL plans the order itself and allows no ON with it.
            let join = dialect == .sqlite ? "CROSS JOIN" : "JOIN"
            count = SQLQueryString("SELECT count(*) AS n FROM (SELECT 1 FROM customer_tags \(unsafeRaw: join) customers ")
                + "ON customers.organization_id = customer_tags.organization_id AND customers.id = customer_tags.customer_id WHERE "
                + joined(tagged)
                + SQLQueryString(" LIMIT \(unsafeRaw: String(Self.countCap + 1))) AS matches")
        } else {
            count = SQLQueryString("SELECT count(*) AS n FROM (SELECT 1 FROM \(unsafeRaw: from) WHERE ")
                + joined(filters) + SQLQueryString(" LIMIT \(unsafeRaw: String(Self.countCap + 1))) AS matches")
        }
        let counted = try await SQLRows.first(count, on: sql)?.decode(column: "n", as: Int.self) ?? 0
        return Result(customers: customers, total: min(counted, Self.countCap), totalIsEstimate: counted > Self.countCap,
                      nextCursor: nextCursor)
    }

    /// The total of a search the index drives (SQLite): its first `CustomerFilterPlan.examineCap` matches in the index
    /// (all organizations together) are joined to their customers and tested against the caller's organization and
    /// filters. A term that matches more gets an estimate of what they hold, from the share of its first
    /// `estimateSample` matches that passes: counting a dense term's every match would read them all, as the page
    /// itself no longer does.
    private func searchCount(_ term: SearchTerm, _ parameters: CustomerListParameters, dialect: SQLDialectKind,
                             customers: [Customer], nextCursor: String?) async throws -> Result {
        let sql = try database.sql
        var rest = parameters
        rest.q = nil
        let match = term.condition(dialect: dialect, includesEmail: !access.isAgent)
        // Counted once, for the sample and for whether the total below is an estimate.
        var matches: Int?
        if !rest.isFiltered, access.seesWholeOrganization {
            let found = try await indexMatches(match, upTo: CustomerFilterPlan.examineCap + 1, on: sql)
            matches = found
            if try await sampledBeyondCap(match, matches: min(found, CustomerFilterPlan.examineCap),
                                          organizationID: access.tenant.organizationID, on: sql) {
                return Result(customers: customers, total: Self.countCap, totalIsEstimate: true, nextCursor: nextCursor)
            }
        }
        func counted(amongFirst examined: Int) async throws -> Int {
            let first = SQLQueryString("(SELECT rowid FROM customers_fts WHERE ") + match
                + SQLQueryString(" LIMIT \(unsafeRaw: String(examined))) AS matched")
            return try await SQLRows.first(SQLQueryString("SELECT count(*) AS n FROM (SELECT 1 FROM ") + first
                                           + " CROSS JOIN customers ON customers.seq = matched.rowid WHERE "
                                           + joined(try filterClause(rest, dialect: dialect))
                                           + SQLQueryString(" LIMIT \(unsafeRaw: String(Self.countCap + 1))) AS matches"), on: sql)?
                .decode(column: "n", as: Int.self) ?? 0
        }
        let all: Int
        if let matches { all = matches } else { all = try await indexMatches(match, upTo: CustomerFilterPlan.examineCap + 1, on: sql) }
        if all > CustomerFilterPlan.examineCap {
            // An estimate either way (what the first `examineCap` matches hold): their share that passes the filters
            // is taken from the first `estimateSample` of them, a tenth of the rows to read.
            let passed = try await counted(amongFirst: Self.estimateSample)
            let total = min(passed * (CustomerFilterPlan.examineCap / Self.estimateSample), Self.countCap)
            return Result(customers: customers, total: total, totalIsEstimate: true, nextCursor: nextCursor)
        }
        let exact = try await counted(amongFirst: CustomerFilterPlan.examineCap)
        return Result(customers: customers, total: min(exact, Self.countCap), totalIsEstimate: exact > Self.countCap,
                      nextCursor: nextCursor)
    }

    /// The matches read to estimate a search's total when it has more than `CustomerFilterPlan.examineCap` (a divisor
    /// of it).
    static let estimateSample = 2_000

    /// Matches sampled in the index: whether the term's matches in the organization surely pass `countCap` — the
    /// organization's share of the first `sampleSize` matches, times the matches (up to `examineCap`). Reading a
    /// thousand rows answers what counting ten thousand would (the total is then shown as an estimate either way).
    static let sampleSize = 1_000

    /// `matches`: the term's entries in the index, up to `examineCap`.
    private func sampledBeyondCap(_ match: SQLQueryString, matches: Int, organizationID: UUID,
                                  on sql: any SQLDatabase) async throws -> Bool {
        guard matches > Self.countCap else { return false }
        let sampled = SQLQueryString("(SELECT rowid FROM customers_fts WHERE ") + match
            + SQLQueryString(" LIMIT \(unsafeRaw: String(Self.sampleSize))) AS sampled")
        let inOrganization = try await SQLRows.first(SQLQueryString("SELECT count(*) AS n FROM ") + sampled
                                                     + " CROSS JOIN customers INDEXED BY customers_org_seq_idx ON customers.organization_id = "
                                                     + "\(bind: organizationID) AND customers.seq = sampled.rowid", on: sql)?
            .decode(column: "n", as: Int.self) ?? 0
        // Half again beyond the cap, so that a sample's chance does not turn an exact total into an estimate.
        return inOrganization * matches / Self.sampleSize > Self.countCap * 3 / 2
    }

    /// Every customer the filters match, counted exactly (a segment's live count): no cap, no estimate.
    func exactCount(_ parameters: CustomerListParameters) async throws -> Int {
        if !parameters.isFiltered, access.seesWholeOrganization {
            return try await CustomerCounter(database: database).count(for: access.tenant.organizationID)
        }
        let dialect = SQLDialectKind(database)
        let from = fromClause(parameters, dialect: dialect)
        if dialect == .sqlite, from == "customers" {
            // Through the smallest filter's own index (a tag's rows, a city's default addresses, the opted-in): SQLite
            // would otherwise test every customer of the organization against the filters.
            let plan = try await CustomerFilterPlan.choose(parameters, access: access, on: try database.sql,
                                                           cap: CustomerFilterPlan.countingCap)
            if plan.isEmpty { return 0 }
            // The only filter: its index's rows, counted to choose it, are the answer (one row per customer each).
            if plan.driver != nil, parameters.filterCount == 1, access.seesWholeOrganization { return plan.driverCount }
            if plan.driver != nil {
                let query = SQLQueryString("SELECT count(*) AS n FROM ") + plan.from(organizationID: access.tenant.organizationID)
                    + " WHERE " + joined(try filterClause(parameters, dialect: dialect, plan: plan))
                return try await SQLRows.first(query, on: try database.sql)?.decode(column: "n", as: Int.self) ?? 0
            }
        }
        let query = SQLQueryString("SELECT count(*) AS n FROM \(unsafeRaw: from) WHERE ")
            + joined(try filterClause(parameters, dialect: dialect))
        return try await SQLRows.first(query, on: try database.sql)?.decode(column: "n", as: Int.self) ?? 0
    }

    /// FTS first on SQLite: the CROSS JOIN makes the match set drive the query.
    private func fromClause(_ parameters: CustomerListParameters, dialect: SQLDialectKind) -> String {
        guard dialect == .sqlite, let term = parameters.q.map(SearchTerm.init), term.usesIndex else { return "customers" }
        return "customers_fts CROSS JOIN customers ON customers.seq = customers_fts.rowid"
    }

    /// The WHERE terms. With a SQLite `plan`, only its driver's term may use an index (the others are written with
    /// a unary `+`, and a tag is probed per row), so that SQLite reads the rows the plan chose.
    func filterClause(_ p: CustomerListParameters, dialect: SQLDialectKind, tagAsJoin: Bool = false,
                              plan: CustomerFilterPlan? = nil, denseTerm: Bool = false, organization: Bool = true) throws -> [SQLQueryString] {
        func column(_ name: String, drives: Bool) -> String { plan == nil || drives ? name : "+" + name }
        var where_: [SQLQueryString] = organization ? ["customers.organization_id = \(bind: access.tenant.organizationID)"] : []
        if let guest = access.managedByOnly {
            where_.append("\(unsafeRaw: column("customers.managed_by_id", drives: plan?.driver == .manager(guest))) = \(bind: guest)")
        }
        if access.isAgent { where_.append(access.assignedToAgent) }
        if let q = p.q {
            let term = SearchTerm(q)
            if denseTerm, plan?.driver != nil {
                // A few thousand driven rows: each tested on its own columns.
                where_.append(term.rowCondition(includesEmail: !access.isAgent))
            } else if denseTerm {
                // The matches' row numbers, read once into a set; the unary + keeps SQLite walking the sort order.
                where_.append(SQLQueryString("+customers.seq IN (SELECT rowid FROM customers_fts WHERE ")
                    + term.condition(dialect: dialect, includesEmail: !access.isAgent) + ")")
            } else {
                where_.append(term.condition(dialect: dialect, includesEmail: !access.isAgent))
            }
        }
        if let status = p.status {
            where_.append("\(unsafeRaw: column("customers.status", drives: plan?.driver == .status(status.rawValue))) = \(bind: status.rawValue)")
        }
        if let tag = p.tag, !tagAsJoin, let plan {
            if plan.driver != .tag(tag) {
                where_.append("""
                    EXISTS (SELECT 1 FROM customer_tags WHERE customer_tags.customer_id = customers.id
                    AND customer_tags.tag_key = \(bind: tag))
                    """)
            }
        } else if let tag = p.tag, !tagAsJoin {
            where_.append("""
                customers.id IN (SELECT customer_id FROM customer_tags
                WHERE organization_id = \(bind: access.tenant.organizationID) AND tag_key = \(bind: tag))
                """)
        }
        let created = column("customers.created_at", drives: plan?.driver == .created)
        if let from = p.createdFrom { where_.append("\(unsafeRaw: created) >= \(bind: from)") }
        if let to = p.createdTo { where_.append("\(unsafeRaw: created) < \(bind: to)") }
        if let hasEmail = p.hasEmail, !access.isAgent { where_.append(SQLQueryString("customers.email IS \(unsafeRaw: hasEmail ? "NOT NULL" : "NULL")")) }
        if let hasPhone = p.hasPhone { where_.append(SQLQueryString("customers.phone IS \(unsafeRaw: hasPhone ? "NOT NULL" : "NULL")")) }
        if let points = p.loyaltyMin {
            where_.append("\(unsafeRaw: column("customers.loyalty_points", drives: plan?.driver == .loyalty)) >= \(bind: points)")
        }
        if let manager = p.managedBy {
            where_.append("\(unsafeRaw: column("customers.managed_by_id", drives: plan?.driver == .manager(manager))) = \(bind: manager)")
        }
        where_ += CustomerSegmentConditions(parameters: p, organizationID: access.tenant.organizationID, dialect: dialect,
                                            driver: plan?.driver, planned: plan != nil).conditions
        return where_
    }

    func joined(_ parts: [SQLQueryString]) -> SQLQueryString {
        var result = SQLQueryString("")
        for (index, part) in parts.enumerated() {
            result = index == 0 ? SQLQueryString("(") + part + ")" : result + " AND (" + part + ")"
        }
        return result
    }
}
