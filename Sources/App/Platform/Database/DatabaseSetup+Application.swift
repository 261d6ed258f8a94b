import Fluent
import Vapor

/// The application's side of the storage engine's setup (`ClienteleStore.DatabaseSetup`): what runs just before every
/// writing transaction commits, and the statement cache's finalization at shutdown.
extension DatabaseSetup {
    /// Every writing transaction, whoever makes it, writes the search-index entries of the customers it inserted
    /// (`CustomerSearchIndex.flushQueued`; nothing to do on PostgreSQL).
    static let beforeCommit: [BeforeCommitStep] = [{ try await CustomerSearchIndex.flushQueued(on: $0) }]

    static func register(_ url: DatabaseURL, poolTimeout: TimeInterval, on app: Application) throws {
        let cache = try register(url, poolTimeout: poolTimeout, beforeCommit: beforeCommit, on: app.databases)
        if let cache { app.lifecycle.use(SQLiteStatementCacheShutdown(cache: cache)) }
    }
}

/// Finalizes the kept statements when the application shuts down, before Fluent closes the connections (Vapor
/// shuts lifecycle handlers down first): a connection with statements left open cannot close.
struct SQLiteStatementCacheShutdown: LifecycleHandler {
    let cache: SQLiteStatementCache

    func shutdown(_ application: Application) {
        cache.finalizeAll()
    }

    func shutdownAsync(_ application: Application) async {
        cache.finalizeAll()
    }
}
