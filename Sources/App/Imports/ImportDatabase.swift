import Fluent
import FluentSQLiteDriver
import Vapor

/// The connections import jobs write through. On a SQLite file that is a pool of its own on the same file: a
/// batch transaction then never holds the connection an event loop's requests read through. In memory (tests)
/// and on PostgreSQL (several connections per event loop) it is the application's database.
enum ImportDatabase {
    static let id = DatabaseID(string: "sqlite-imports")

    static func register(_ url: DatabaseURL, on app: Application) {
        guard case let .sqliteFile(path) = url else { return }
        app.databases.use(.sqlite(.file(path), sqlLogLevel: .trace), as: id, isDefault: false)
        // The same write gate as the application's database (one writer at a time on the file), the same
        // statement cache (finalized at shutdown with the others), and the same before-commit steps.
        for marker in app.databases.configuration(for: .sqlite)?.middleware ?? []
        where marker is SQLiteWriteGateMarker || marker is SQLiteStatementCacheMarker || marker is BeforeCommitMarker {
            app.databases.middleware.use(marker, on: id)
        }
    }

    static func database(for app: Application) -> any Database {
        guard case .sqliteFile = app.config.database,
              let database = app.databases.database(id, logger: app.logger, on: app.eventLoopGroup.any())
        else { return app.db }
        return database
    }
}
