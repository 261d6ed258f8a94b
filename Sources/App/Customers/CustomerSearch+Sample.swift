import Fluent
import SQLKit

/// The total of a broad search on PostgreSQL, judged from a sample. Counting `?q=ann` up to `countCap` reads the rows
/// until ten thousand match: a hundred thousand rows, 60 ms at a million customers, for a figure the list shows as
/// "10,000+" anyway. The sample reads 2,000.
extension CustomerSearch {
    /// The runs of customers the sample reads, spread evenly over the organization's creation order.
    static let sampleStrata = 20
    /// The customers read in each run, newest first from its start.
    static let rowsPerStratum = 100

    /// Whether the search surely has more than `countCap` matches (PostgreSQL): its share of the sample, times the
    /// organization's customers, is half again beyond the cap, and matches were found in at least half the runs (of those
    /// that hold customers: an organization's seq range may have gaps).
    /// The second rule keeps a cluster from passing for a crowd: a thousand customers of one import that all match,
    /// side by side in creation order, fill a run or two of the sample, not half of them. Anything less sure is
    /// counted exactly, up to the cap, as before.
    ///
    /// `newestPage` is what a first page in creation order already tells: its matches, and the `seq` of the oldest.
    /// They are the newest matches there are, so the stretch from the organization's newest customer down to that
    /// `seq` holds exactly them: the term's density. When that density, over the organization's whole `seq` range,
    /// comes to no more than `countCap`, the sample is not read (the benchmark's email fragment, 194 matches in a
    /// million, reaches back over 870,000 customers with its first 20): the search is counted exactly, which for so
    /// few matches is cheap. A term dense everywhere but in its newest stretch is then counted exactly too, only more
    /// slowly.
    func sampleSaysBeyondCap(_ parameters: CustomerListParameters, newestPage: (matches: Int, oldestSeq: Int)? = nil) async throws -> Bool {
        try await sample(parameters, newestPage: newestPage).beyondCap
    }

    /// `sampleSaysBeyondCap`, with the organization's customers it counted (`CustomerCounter`) in the same statement:
    /// the masked walk (`maskedNamePage`) takes its way from that count, and the sample is read only beyond
    /// `countCap` and a half.
    func sample(_ parameters: CustomerListParameters,
                newestPage: (matches: Int, oldestSeq: Int)? = nil) async throws -> (customers: Int, beyondCap: Bool) {
        let organizationID = access.tenant.organizationID
        let conditions = joined(try filterClause(parameters, dialect: .postgres))
        // One statement: the organization's customers; its seq range, when they are beyond the cap and a half; then
        // each run, counted on its own: the organization's index on (organization_id, seq) read backwards from the
        // run's start, down to the next run's start at most. The runs do not overlap, so no row is counted twice.
        let step = "GREATEST((bounds.high - bounds.low) / \(Self.sampleStrata), 1)"
        let query = SQLQueryString("WITH counted AS (") + CustomerCounter.total(of: organizationID) + SQLQueryString("""
            ), bounds AS (SELECT low, high FROM counted, (SELECT min(seq) AS low, max(seq) AS high FROM customers
            WHERE organization_id = \(bind: organizationID)) AS org_range
            WHERE counted.customers > \(unsafeRaw: String(Self.countCap * 3 / 2))
            """) + densityGate(newestPage) + SQLQueryString("""
            )
            SELECT (SELECT customers FROM counted) AS customers, CAST(COALESCE(sum(runs.read), 0) AS BIGINT) AS read,
            CAST(COALESCE(sum(runs.passed), 0) AS BIGINT) AS passed, count(*) FILTER (WHERE runs.read > 0) AS filled,
            count(*) FILTER (WHERE runs.passed > 0) AS runs
            FROM bounds CROSS JOIN generate_series(0, \(unsafeRaw: String(Self.sampleStrata - 1))) AS strata(stratum)
            CROSS JOIN LATERAL (SELECT count(*) AS read, count(*) FILTER (WHERE passes) AS passed FROM (SELECT (
            """) + conditions + SQLQueryString("""
            ) AS passes FROM customers WHERE customers.organization_id = \(bind: organizationID)
            AND customers.seq <= bounds.high - strata.stratum * \(unsafeRaw: step)
            AND customers.seq > bounds.high - (strata.stratum + 1) * \(unsafeRaw: step)
            ORDER BY customers.seq DESC LIMIT \(unsafeRaw: String(Self.rowsPerStratum))) AS run) AS runs
            """)
        guard let row = try await SQLRows.first(query, on: try database.sql) else { return (0, false) }
        let customers = try row.decode(column: "customers", as: Int.self)
        let read = try row.decode(column: "read", as: Int.self)
        let passed = try row.decode(column: "passed", as: Int.self)
        let filled = try row.decode(column: "filled", as: Int.self)
        let runs = try row.decode(column: "runs", as: Int.self)
        guard read > 0, runs * 2 >= filled else { return (customers, false) }
        return (customers, passed * customers / read > Self.countCap * 3 / 2)
    }

    /// The condition that keeps the organization's `seq` range (and so the sample) only when the newest page's
    /// density, over that range, comes to more than `countCap` matches; nothing without a page.
    private func densityGate(_ newestPage: (matches: Int, oldestSeq: Int)?) -> SQLQueryString {
        guard let newestPage else { return "" }
        return SQLQueryString("""
             AND CAST(\(bind: newestPage.matches) AS BIGINT) * (high - low + 1)
            > \(unsafeRaw: String(Self.countCap)) * GREATEST(high - \(bind: newestPage.oldestSeq) + 1, 1)
            """)
    }
}
