import Fluent
import SQLKit
import Vapor

/// Connection settings the SQLite driver has no option for. Each event loop keeps one long-lived
/// connection, so they are applied to every pooled connection once, at boot, before anything else runs.
enum SQLitePragmas {
    static let perConnection = [
        "PRAGMA foreign_keys = ON",
        "PRAGMA secure_delete = ON",
        "PRAGMA busy_timeout = 5000",
        "PRAGMA synchronous = NORMAL",
        // WALCheckpointer checkpoints off the request path; this is only the backstop (16 MB of log).
        "PRAGMA wal_autocheckpoint = 4000",
    ]

    static func apply(to app: Application) async throws {
        guard let first = app.db as? any SQLDatabase else { return }
        // journal_mode is stored in the file itself; one connection sets it for all.
        try await first.raw("PRAGMA journal_mode = WAL").run()
        for eventLoop in app.eventLoopGroup.makeIterator() {
            let db = app.databases.database(logger: app.logger, on: eventLoop)!
            try await db.withConnection { connection in
                let sql = connection as! any SQLDatabase
                for pragma in perConnection { try await sql.raw(SQLQueryString(pragma)).run() }
            }
        }
    }
}
