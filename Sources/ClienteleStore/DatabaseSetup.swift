import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation

/// Opens the database `DATABASE_URL` names, as the default database of `databases` (an application's).
public enum DatabaseSetup {
    /// Fluent opens up to this many PostgreSQL connections per event loop (so per core).
    public static let postgresConnectionsPerEventLoop = 4

    /// Registers the database with its write gate and prepared-statement cache on SQLite, and the steps every writing
    /// transaction on it runs just before it commits (`BeforeCommitMarker`). Answers the statement cache on SQLite: its
    /// statements must be finalized (`SQLiteStatementCache.finalizeAll`) before the connections close, at shutdown.
    @discardableResult
    public static func register(_ url: DatabaseURL, poolTimeout: TimeInterval, beforeCommit: [BeforeCommitStep] = [],
                                on databases: Databases) throws -> SQLiteStatementCache? {
        switch url {
        case .sqliteMemory:
            databases.use(.sqlite(.memory, sqlLogLevel: .trace), as: .sqlite)
            databases.middleware.use(SQLiteWriteGateMarker(gate: SQLiteWriteGate()), on: .sqlite)
            databases.middleware.use(BeforeCommitMarker(steps: beforeCommit), on: .sqlite)
            return useStatementCache(on: databases)
        case let .sqliteFile(path):
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            databases.use(.sqlite(.file(path), sqlLogLevel: .trace), as: .sqlite)
            databases.middleware.use(SQLiteWriteGateMarker(gate: SQLiteWriteGate()), on: .sqlite)
            databases.middleware.use(BeforeCommitMarker(steps: beforeCommit), on: .sqlite)
            return useStatementCache(on: databases)
        case let .postgres(raw, searchPath):
            databases.use(try postgres(raw, searchPath: searchPath, poolTimeout: poolTimeout), as: .psql)
            databases.middleware.use(BeforeCommitMarker(steps: beforeCommit), on: .psql)
            return nil
        }
    }

    /// A PostgreSQL streaming replica for reads that may lag, as the database `.replica` (never the default).
    public static func registerReplica(_ url: DatabaseURL, poolTimeout: TimeInterval, on databases: Databases) throws {
        guard case let .postgres(raw, searchPath) = url else {
            throw DatabaseURL.Invalid(description: "DATABASE_READ_URL must be a postgres:// URL")
        }
        databases.use(try postgres(raw, searchPath: searchPath, poolTimeout: poolTimeout), as: .replica, isDefault: false)
    }

    private static func postgres(_ raw: String, searchPath: String?, poolTimeout: TimeInterval) throws -> DatabaseConfigurationFactory {
        var configuration = try SQLPostgresConfiguration(url: raw)
        if let searchPath { configuration.searchPath = [searchPath, "public"] }
        configuration.coreConfiguration.options.additionalStartupParameters = [("application_name", PostgresApplicationName.instance)]
        return .postgres(configuration: configuration, maxConnectionsPerEventLoop: postgresConnectionsPerEventLoop,
                         connectionPoolTimeout: .milliseconds(Int64(poolTimeout * 1000)), sqlLogLevel: .trace)
    }

    /// Prepared statements kept per connection (see `SQLiteStatementCache`), finalized at shutdown.
    private static func useStatementCache(on databases: Databases) -> SQLiteStatementCache {
        SQLiteConnectionHandles.install()
        let cache = SQLiteStatementCache()
        databases.middleware.use(SQLiteStatementCacheMarker(cache: cache), on: .sqlite)
        return cache
    }
}

extension DatabaseID {
    /// The read replica (`DATABASE_READ_URL`).
    public static let replica = DatabaseID(string: "replica")
}
