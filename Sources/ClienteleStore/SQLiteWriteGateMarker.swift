import FluentKit

/// Carries an application's `SQLiteWriteGate` inside its database configuration, where every `Database` handle
/// can reach it: writers of one database queue and commit together, and never with another application's (tests
/// run many applications in one process). As model middleware it only passes every event on.
public struct SQLiteWriteGateMarker: AnyModelMiddleware {
    public let gate: SQLiteWriteGate

    public init(gate: SQLiteWriteGate) { self.gate = gate }

    public func handle(_ event: ModelEvent, _ model: any AnyModel, on db: any Database,
                chainingTo next: any AnyModelResponder) -> EventLoopFuture<Void> {
        next.handle(event, model, on: db)
    }

    /// The gate of the database this handle belongs to.
    public static func gate(of database: any Database) -> SQLiteWriteGate {
        for middleware in database.context.configuration.middleware {
            if let marker = middleware as? SQLiteWriteGateMarker { return marker.gate }
        }
        return .shared
    }
}
