import Fluent
import SQLKit
import Vapor

/// Carries an application's `SQLiteStatementCache` inside its SQLite database configuration, where every `Database`
/// handle can reach it (like `SQLiteWriteGateMarker`). As model middleware it only passes every event on.
struct SQLiteStatementCacheMarker: AnyModelMiddleware {
    let cache: SQLiteStatementCache

    func handle(_ event: ModelEvent, _ model: any AnyModel, on db: any Database,
                chainingTo next: any AnyModelResponder) -> EventLoopFuture<Void> {
        next.handle(event, model, on: db)
    }

    /// The cache of the database this handle belongs to; nil for a database without one (PostgreSQL).
    static func cache(of database: any SQLDatabase) -> SQLiteStatementCache? {
        guard let database = database as? any Database else { return nil }
        for middleware in database.context.configuration.middleware {
            if let marker = middleware as? SQLiteStatementCacheMarker { return marker.cache }
        }
        return nil
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
