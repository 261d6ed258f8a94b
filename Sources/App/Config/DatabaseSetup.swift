import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Vapor

/// Opens the database `DATABASE_URL` names.
enum DatabaseSetup {
    static func register(_ url: DatabaseURL, on app: Application) throws {
        switch url {
        case .sqliteMemory:
            app.databases.use(.sqlite(.memory, sqlLogLevel: .trace), as: .sqlite)
            app.databases.middleware.use(SQLiteWriteGateMarker(gate: SQLiteWriteGate()), on: .sqlite)
        case let .sqliteFile(path):
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            app.databases.use(.sqlite(.file(path), sqlLogLevel: .trace), as: .sqlite)
            app.databases.middleware.use(SQLiteWriteGateMarker(gate: SQLiteWriteGate()), on: .sqlite)
        case let .postgres(raw, searchPath):
            var configuration = try SQLPostgresConfiguration(url: raw)
            if let searchPath { configuration.searchPath = [searchPath, "public"] }
            app.databases.use(.postgres(configuration: configuration, maxConnectionsPerEventLoop: 4,
                                        connectionPoolTimeout: .seconds(5), sqlLogLevel: .trace), as: .psql)
        }
    }
}
