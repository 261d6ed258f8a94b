import FluentKit

/// A step every writing transaction on a database runs just before it commits, after its deferred writes
/// (`DeferredWrites.flush`): work that must follow every write, whoever made it and whatever it wrote (the
/// application's search index writes the entries its triggers queued).
public typealias BeforeCommitStep = @Sendable (any Database) async throws -> Void

/// Carries a database's before-commit steps inside its configuration, where every `Database` handle — a pooled
/// connection, a transaction's — can reach them (like `SQLiteWriteGateMarker`). As model middleware it only passes
/// every event on.
public struct BeforeCommitMarker: AnyModelMiddleware {
    public let steps: [BeforeCommitStep]

    public init(steps: [BeforeCommitStep]) { self.steps = steps }

    public func handle(_ event: ModelEvent, _ model: any AnyModel, on db: any Database,
                       chainingTo next: any AnyModelResponder) -> EventLoopFuture<Void> {
        next.handle(event, model, on: db)
    }

    /// The steps of the database this handle belongs to; none for a database registered without them.
    public static func steps(of database: any Database) -> [BeforeCommitStep] {
        for middleware in database.context.configuration.middleware {
            if let marker = middleware as? BeforeCommitMarker { return marker.steps }
        }
        return []
    }
}
