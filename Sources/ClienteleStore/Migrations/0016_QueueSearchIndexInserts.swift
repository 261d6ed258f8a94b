import FluentKit
import SQLKit

/// On SQLite, a new customer's search-index entry is written once per transaction instead of by its own statement.
///
/// SQLite asks the FTS5 table to write out its pending entries at the start of every statement that might have to
/// be undone alone (each `INSERT` that fires a trigger is one). With the index written by the insert trigger, every
/// customer of a group commit therefore became an index segment of its own, and merging those segments was a third
/// of SQLite's time in a create. Now the insert trigger only queues the customer's `seq` in
/// `customers_fts_pending`, and the application's `CustomerSearchIndex.flushQueued` indexes the whole queue with one
/// statement just before the transaction commits (every writing transaction runs it, a before-commit step of the
/// database that `DeferredWrites.flush` runs), so a search right after the commit still finds the customer. The update and delete triggers leave a queued customer
/// to the queue: its entry does not exist yet, so there is nothing to take out of the index.
struct QueueSearchIndexInserts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard SQLDialectKind(database) == .sqlite, let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE TABLE customers_fts_pending (seq INTEGER PRIMARY KEY)").run()
        for trigger in InitialSearchIndex.triggers { try await sql.raw("DROP TRIGGER \(ident: trigger)").run() }
        try await sql.raw("""
            CREATE TRIGGER customers_fts_insert AFTER INSERT ON customers BEGIN
                INSERT INTO customers_fts_pending(seq) VALUES (new.seq);
            END
            """).run()
        try await sql.raw(SQLQueryString(Self.deleteTrigger)).run()
        try await sql.raw("""
            CREATE TRIGGER customers_fts_update AFTER UPDATE OF search_name, email, phone ON customers
            WHEN NOT EXISTS (SELECT 1 FROM customers_fts_pending WHERE seq = new.seq) BEGIN
                INSERT INTO customers_fts(customers_fts, rowid, search_name, email, phone)
                    VALUES ('delete', old.seq, old.search_name, old.email, old.phone);
                INSERT INTO customers_fts(rowid, search_name, email, phone) VALUES (new.seq, new.search_name, new.email, new.phone);
            END
            """).run()
    }

    /// The delete trigger this migration makes (0033 replaces it, and its revert puts this one back).
    static let deleteTrigger = """
        CREATE TRIGGER customers_fts_delete AFTER DELETE ON customers BEGIN
            INSERT INTO customers_fts(customers_fts, rowid, search_name, email, phone)
                SELECT 'delete', old.seq, old.search_name, old.email, old.phone
                WHERE NOT EXISTS (SELECT 1 FROM customers_fts_pending WHERE seq = old.seq);
            DELETE FROM customers_fts_pending WHERE seq = old.seq;
        END
        """

    func revert(on database: any Database) async throws {
        guard SQLDialectKind(database) == .sqlite, let sql = database as? any SQLDatabase else { return }
        // What is queued goes into the index first (the statement `CustomerSearchIndex.flushQueued` runs).
        try await sql.raw("""
            INSERT INTO customers_fts(rowid, search_name, email, phone)
            SELECT customers.seq, customers.search_name, customers.email, customers.phone
            FROM customers_fts_pending JOIN customers ON customers.seq = customers_fts_pending.seq
            """).run()
        try await sql.raw("DELETE FROM customers_fts_pending").run()
        for trigger in InitialSearchIndex.triggers { try await sql.raw("DROP TRIGGER \(ident: trigger)").run() }
        try await sql.raw("DROP TABLE customers_fts_pending").run()
        try await InitialSearchIndex.createTriggers(on: sql)
    }
}
