import FluentKit
import SQLKit

/// The search index as migration 0006 made it: an FTS5 trigram table kept by triggers on SQLite, pg_trgm GIN indexes
/// on PostgreSQL. Its own SQL, apart from the running server's code, so that no later change of the server changes
/// what a fresh database gets (0016 replaced the insert trigger; its revert puts these back).
enum InitialSearchIndex {
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

    static func drop(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, SQLDialectKind(database) == .sqlite else { return }
        for trigger in triggers {
            try await sql.raw("DROP TRIGGER IF EXISTS \(ident: trigger)").run()
        }
        try await sql.raw("DROP TABLE IF EXISTS customers_fts").run()
    }
}
