import ClienteleStore
import Fluent
import NIOConcurrencyHelpers
import SQLKit

/// The substring search index over name, email and phone, kept in the same transaction as the record:
/// an FTS5 trigram table maintained by triggers on SQLite, pg_trgm GIN indexes on PostgreSQL. Names are indexed
/// folded (`search_name`: lower case, no diacritics) so that both databases match alike. On SQLite the entries of
/// new customers are written once per transaction, just before it commits (`flushQueued`; see
/// `QueueSearchIndexInserts`). The index itself is made by the migrations (`InitialSearchIndex`, 0016), which hold
/// their own SQL.
enum CustomerSearchIndex {
    /// Indexes the customers inserted since the last flush, as they are now, in both of SQLite's index tables
    /// (`indexTables`), and empties the queue: called in every writing transaction just before it commits, and once
    /// at start-up for anything a process left queued (a row inserted by hand with the `sqlite3` shell, say). Nothing
    /// to do on PostgreSQL, whose indexes follow the rows.
    static func flushQueued(on database: any Database) async throws {
        guard SQLDialectKind(database) == .sqlite, let sql = database as? any SQLDatabase else { return }
        try await SQLRows.run("""
            INSERT INTO customers_fts(rowid, search_name, email, phone)
            SELECT customers.seq, customers.search_name, customers.email, customers.phone
            FROM customers_fts_pending JOIN customers ON customers.seq = customers_fts_pending.seq
            """, on: sql)
        try await SQLRows.run(SQLQueryString("""
            INSERT INTO \(unsafeRaw: CustomerNameOrder.table)(rowid, search_name, email, phone)
            SELECT \(unsafeRaw: CustomerNameOrder.rowid(name: "customers.search_name", seq: "customers.seq")),
                customers.search_name, customers.email, customers.phone
            FROM customers_fts_pending JOIN customers ON customers.seq = customers_fts_pending.seq
            WHERE customers.seq < \(unsafeRaw: String(CustomerNameOrder.seqLimit)) ORDER BY 1
            """), on: sql)
        try await SQLRows.run("DELETE FROM customers_fts_pending", on: sql)
    }

    /// Pages of the index one merge step writes: a few megabytes, so that other writers wait briefly between steps.
    static let mergeStepPages = 1000

    /// Merges each of the SQLite index's tables (`indexTables`) into one segment, step by step, each step its own
    /// write transaction; calls `progress` with the steps done (both tables' together). After a bulk load the index is many segments, and with FTS5's secure-delete
    /// (on since migration 0014, so an erased person's terms leave the file) every changed name or phone is looked
    /// up in each of them: one segment makes such an update several times cheaper. Nothing to do on PostgreSQL.
    static func merge(on database: any Database, progress: @Sendable (Int) -> Void = { _ in }) async throws {
        guard SQLDialectKind(database) == .sqlite else { return }
        var steps = 0
        for table in indexTables {
            steps = try await merge(table, on: database, stepsBefore: steps, progress: progress)
        }
    }

    /// SQLite's FTS5 tables: the search index and the same entries in name order (migration 0033).
    static let indexTables = ["customers_fts", CustomerNameOrder.table]

    private static func merge(_ table: String, on database: any Database, stepsBefore: Int,
                              progress: @Sendable (Int) -> Void) async throws -> Int {
        var steps = stepsBefore
        while true {
            // A negative step starts a merge of every segment, whatever its level; positive ones carry it on. Work was
            // done when the connection's change count moved by 2 or more (FTS5's documented test).
            let step = steps == stepsBefore ? -mergeStepPages : mergeStepPages
            let worked = try await WriteTransaction.run(on: database) { db -> Bool in
                let sql = try db.sql
                let before = try await SQLRows.first("SELECT total_changes() AS n", on: sql)?.decode(column: "n", as: Int.self) ?? 0
                try await SQLRows.run(SQLQueryString("INSERT INTO \(unsafeRaw: table)(\(unsafeRaw: table), rank) VALUES ('merge', ")
                                      + "\(bind: step))", on: sql)
                let after = try await SQLRows.first("SELECT total_changes() AS n", on: sql)?.decode(column: "n", as: Int.self) ?? 0
                return after - before >= 2
            }
            steps += 1
            progress(steps)
            if !worked { return steps }
        }
    }

    /// The tables a bulk load fills (an import, demo data), on PostgreSQL: with the customers' trigram entries
    /// (migration 0036), which their triggers fill.
    static let bulkLoadedTables = ["customers", CustomerTrigramMask.postingsTable, "addresses", "customer_tags", "customer_events", "orders"]

    /// What `afterBulkLoad` did.
    enum BulkLoadUpkeep: Equatable {
        /// SQLite: the search index merged into one segment, in this many steps.
        case merged(steps: Int)
        /// PostgreSQL: these tables analyzed, and vacuumed when asked.
        case analyzed([String], vacuumed: Bool)
        /// SQLite with `mergeIndex` off.
        case nothing
    }

    /// The upkeep after a bulk load (an import of many customers, demo data), whichever the database. On SQLite the
    /// index left in many segments is merged (`merge`); on PostgreSQL the tables it filled are analyzed, and the
    /// trigram indexes' pending lists merged. Autovacuum gets there within minutes; until then the planner assumes
    /// the old row counts (a search with 20,000 matches planned for 33, a tag insert's checks planned for an empty
    /// table). `announce` tells what starts, `progress` the merge's steps.
    ///
    /// `vacuum` (demo data, which fills a database before anyone uses it) vacuums the tables too. Until then no new
    /// page is marked all-visible, so a scan of an index alone (the masked walk of `CustomerSearch.maskedNamePage`,
    /// 83,000 entries for `ann` by name at a million) reads the row of each new customer it passes from the table as
    /// well (benchmarks/README.md, "demo data vacuumed"). An import leaves this to autovacuum, which paces itself: in
    /// the benchmark, a VACUUM at full speed after a million imported rows (their index entries, the dead rows of the
    /// updated customers) left the server's reads without an answer for a 5-second round.
    @discardableResult
    static func afterBulkLoad(on database: any Database, mergeIndex: Bool = true, vacuum: Bool = false,
                              announce: (String) -> Void = { _ in },
                              progress: @Sendable (Int) -> Void = { _ in }) async throws -> BulkLoadUpkeep {
        switch SQLDialectKind(database) {
        case .sqlite:
            guard mergeIndex else { return .nothing }
            announce("Merging the search index…")
            let steps = NIOLockedValueBox(0)
            try await merge(on: database) { done in
                steps.withLockedValue { $0 = done }
                progress(done)
            }
            return .merged(steps: steps.withLockedValue { $0 })
        case .postgres:
            announce(vacuum ? "Vacuuming and analyzing the tables…" : "Analyzing the tables for the planner…")
            let sql = try database.sql
            try await sql.raw(SQLQueryString((vacuum ? "VACUUM (ANALYZE) " : "ANALYZE ") + bulkLoadedTables.joined(separator: ", "))).run()
            // The trigram indexes' pending lists, which every search reads through (`BoundSearchPendingLists`),
            // merged now rather than by the next creates or autovacuum.
            for index in TrigramIndexes.names {
                try await sql.raw("SELECT gin_clean_pending_list(\(bind: index)::regclass) AS merged").run()
            }
            return .analyzed(bulkLoadedTables, vacuumed: vacuum)
        }
    }
}
