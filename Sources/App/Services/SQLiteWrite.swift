import Fluent

/// One writer waiting in `SQLiteWriteGate`: what it does inside the transaction, and whom to tell how it ended.
struct SQLiteWrite: Sendable {
    let database: any Database
    let body: @Sendable (any Database) async throws -> any Sendable
    let finish: @Sendable (Result<any Sendable, any Error>) -> Void
}
