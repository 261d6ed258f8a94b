import Fluent
import SQLKit

/// The substring search index over name, email and phone, kept in the same transaction as the record:
/// an FTS5 trigram table maintained by triggers on SQLite, pg_trgm GIN indexes on PostgreSQL. Names are indexed
/// folded (`search_name`: lower case, no diacritics) so that both databases match alike. On SQLite the entries of
/// new customers are written once per transaction, just before it commits (`flushQueued`; see
/// `QueueSearchIndexInserts`). The index itself is made by the migrations (`InitialSearchIndex`, 0016), which hold
/// their own SQL.
enum CustomerSearchIndex {
    /// Indexes the customers inserted since the last flush, as they are now, and empties the queue: called in every
    /// writing transaction just before it commits, and once at start-up for anything a process left queued (a row
    /// inserted by hand with the `sqlite3` shell, say). Nothing to do on PostgreSQL, whose indexes follow the rows.
    static func flushQueued(on database: any Database) async throws {
        guard SQLDialectKind(database) == .sqlite, let sql = database as? any SQLDatabase else { return }
        try await SQLRows.run("""
            INSERT INTO customers_fts(rowid, search_name, email, phone)
            SELECT customers.seq, customers.search_name, customers.email, customers.phone
            FROM customers_fts_pending JOIN customers ON customers.seq = customers_fts_pending.seq
            """, on: sql)
        try await SQLRows.run("DELETE FROM customers_fts_pending", on: sql)
    }
}
