import Fluent
import SQLKit

/// The substring search index over name, email and phone, kept in the same transaction as the record:
/// an FTS5 trigram table maintained by triggers on SQLite, pg_trgm GIN indexes on PostgreSQL. Names are indexed
/// folded (`search_name`: lower case, no diacritics) so that both databases match alike. On SQLite the entries of
/// new customers are written once per transaction, just before it commits (`flushQueued`; see
/// `QueueSearchIndexInserts`).
enum CustomerSearchIndex {
    static let triggers = ["customers_fts_insert", "customers_fts_delete", "customers_fts_update"]

    static func create(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        switch SQLDialectKind(database) {
        case .sqlite:
            try await sql.raw("""
                CREATE VIRTUAL TABLE customers_fts USING fts5(search_name, email, phone,
                    content='customers', content_rowid='seq', tokenize='trigram')
                """).run()
            try await createTriggers(on: sql)
        case .postgres:
            try await sql.raw("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public").run()
            try await sql.raw("CREATE INDEX customers_name_trgm_idx ON customers USING gin (search_name gin_trgm_ops)").run()
            try await sql.raw("CREATE INDEX customers_email_trgm_idx ON customers USING gin (email gin_trgm_ops)").run()
            try await sql.raw("CREATE INDEX customers_phone_trgm_idx ON customers USING gin (phone gin_trgm_ops)").run()
        }
    }

    /// The first triggers: each row's entry written by the statement that changes the row.
    static func createTriggers(on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            CREATE TRIGGER customers_fts_insert AFTER INSERT ON customers BEGIN
                INSERT INTO customers_fts(rowid, search_name, email, phone) VALUES (new.seq, new.search_name, new.email, new.phone);
            END
            """).run()
        try await sql.raw("""
            CREATE TRIGGER customers_fts_delete AFTER DELETE ON customers BEGIN
                INSERT INTO customers_fts(customers_fts, rowid, search_name, email, phone)
                    VALUES ('delete', old.seq, old.search_name, old.email, old.phone);
            END
            """).run()
        try await sql.raw("""
            CREATE TRIGGER customers_fts_update AFTER UPDATE OF search_name, email, phone ON customers BEGIN
                INSERT INTO customers_fts(customers_fts, rowid, search_name, email, phone)
                    VALUES ('delete', old.seq, old.search_name, old.email, old.phone);
                INSERT INTO customers_fts(rowid, search_name, email, phone) VALUES (new.seq, new.search_name, new.email, new.phone);
            END
            """).run()
    }

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

    static func drop(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, SQLDialectKind(database) == .sqlite else { return }
        for trigger in triggers {
            try await sql.raw("DROP TRIGGER IF EXISTS \(ident: trigger)").run()
        }
        try await sql.raw("DROP TABLE IF EXISTS customers_fts").run()
    }
}
