import FluentKit
import SQLKit

/// Carries an application's `SQLiteStatementCache` inside its SQLite database configuration, where every `Database`
/// handle can reach it (like `SQLiteWriteGateMarker`). As model middleware it only passes every event on.
public struct SQLiteStatementCacheMarker: AnyModelMiddleware {
    public let cache: SQLiteStatementCache

    public init(cache: SQLiteStatementCache) { self.cache = cache }

    public func handle(_ event: ModelEvent, _ model: any AnyModel, on db: any Database,
                       chainingTo next: any AnyModelResponder) -> EventLoopFuture<Void> {
        next.handle(event, model, on: db)
    }

    /// The cache of the database this handle belongs to; nil for a database without one (PostgreSQL).
    public static func cache(of database: any SQLDatabase) -> SQLiteStatementCache? {
        guard let database = database as? any Database else { return nil }
        for middleware in database.context.configuration.middleware {
            if let marker = middleware as? SQLiteStatementCacheMarker { return marker.cache }
        }
        return nil
    }
}
