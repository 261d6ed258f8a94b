import FluentKit
import FluentSQLiteDriver
import Logging
import NIOCore
import SQLKit

/// Connection settings the SQLite driver has no option for. Each event loop keeps one long-lived
/// connection, so they are applied to every pooled connection once, at boot, before anything else runs.
public enum SQLitePragmas {
    public static let perConnection = [
        "PRAGMA foreign_keys = ON",
        "PRAGMA secure_delete = ON",
        "PRAGMA busy_timeout = 5000",
        "PRAGMA synchronous = NORMAL",
        // WALCheckpointer checkpoints off the request path five times a second; this is only the backstop (64 MB
        // of log). A create writes some 40 pages (the row, its indexes, a search-index segment, its timeline entry),
        // so at a thousand creates a second a lower threshold would checkpoint inside request commits, with fsyncs.
        "PRAGMA wal_autocheckpoint = \(autocheckpointPages)",
        // Statement journals (a statement that fires the search-index triggers inside a transaction needs one)
        // in memory instead of a new file in /var/tmp for each.
        "PRAGMA temp_store = MEMORY",
        // 32 MB of pages per connection instead of 2 MB: the interior pages of the customers table, its eleven
        // indexes and the trigram index stay in memory at a million customers (two connections: 64 MB at most).
        "PRAGMA cache_size = -32768",
    ]

    /// The automatic checkpoint's threshold (see `perConnection`); SQLite's default is 1,000 pages, so a connection
    /// that reports this one has been configured.
    public static let autocheckpointPages = 16_000

    /// Applies `perConnection` to a connection that has not had it yet, outside a transaction (where foreign_keys can
    /// change): setting a pragma again makes SQLite prepare every statement of the connection again, so it is done
    /// once. Neither foreign_keys nor secure_delete tells: the driver turns on the one, and its SQLite is built with
    /// the other on.
    public static func configure(_ connection: any SQLDatabase) async throws {
        let threshold = try await SQLRows.first("PRAGMA wal_autocheckpoint", on: connection)?
            .decode(column: "wal_autocheckpoint", as: Int.self)
        guard threshold != autocheckpointPages else { return }
        for pragma in perConnection { try await connection.raw(SQLQueryString(pragma)).run() }
    }

    /// At boot, before anything else runs: WAL for the file, and `perConnection` on the default database's connection of
    /// every event loop of `eventLoopGroup` (each keeps one), whose handle the statement cache then knows.
    public static func apply(to databases: Databases, on eventLoopGroup: any EventLoopGroup, logger: Logger) async throws {
        guard let first = databases.database(logger: logger, on: eventLoopGroup.any()) as? any SQLDatabase else { return }
        // journal_mode is stored in the file itself; one connection sets it for all.
        try await first.raw("PRAGMA journal_mode = WAL").run()
        for eventLoop in eventLoopGroup.makeIterator() {
            guard let db = databases.database(logger: logger, on: eventLoop) else { continue }
            try await db.withConnection { connection in
                let sql = try connection.sql
                for pragma in perConnection { try await sql.raw(SQLQueryString(pragma)).run() }
                // The statement cache needs each connection's handle: fail at boot, loudly, if it cannot have it.
                if let sqlite = connection as? any SQLiteDatabase {
                    try await sqlite.withConnection { SQLiteConnectionHandles.selfCheck($0) }.get()
                }
            }
        }
    }
}
