import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Vapor

/// Opens the database `DATABASE_URL` names.
enum DatabaseSetup {
    static func register(_ url: DatabaseURL, poolTimeout: TimeInterval, on app: Application) throws {
        switch url {
        case .sqliteMemory:
            app.databases.use(.sqlite(.memory, sqlLogLevel: .trace), as: .sqlite)
            app.databases.middleware.use(SQLiteWriteGateMarker(gate: SQLiteWriteGate()), on: .sqlite)
            useStatementCache(on: app)
        case let .sqliteFile(path):
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            app.databases.use(.sqlite(.file(path), sqlLogLevel: .trace), as: .sqlite)
            app.databases.middleware.use(SQLiteWriteGateMarker(gate: SQLiteWriteGate()), on: .sqlite)
            useStatementCache(on: app)
        case let .postgres(raw, searchPath):
            var configuration = try SQLPostgresConfiguration(url: raw)
            if let searchPath { configuration.searchPath = [searchPath, "public"] }
            app.databases.use(.postgres(configuration: configuration, maxConnectionsPerEventLoop: 4,
                                        connectionPoolTimeout: .milliseconds(Int64(poolTimeout * 1000)),
                                        sqlLogLevel: .trace), as: .psql)
        }
    }

    /// Prepared statements kept per connection (see `SQLiteStatementCache`), finalized at shutdown.
    private static func useStatementCache(on app: Application) {
        SQLiteConnectionHandles.install()
        let cache = SQLiteStatementCache()
        app.databases.middleware.use(SQLiteStatementCacheMarker(cache: cache), on: .sqlite)
        app.lifecycle.use(SQLiteStatementCacheShutdown(cache: cache))
    }
}
