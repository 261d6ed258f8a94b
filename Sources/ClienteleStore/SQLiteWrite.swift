import FluentKit

/// One writer waiting in `SQLiteWriteGate`: what it does inside the transaction, and whom to tell how it ended.
struct SQLiteWrite: Sendable {
    let database: any Database
    /// The body may run again after a rollback of its first run (see `SQLiteWriteGate.perform`).
    let rerunnable: Bool
    let body: @Sendable (any Database) async throws -> any Sendable
    let finish: @Sendable (Result<any Sendable, any Error>) -> Void
}
