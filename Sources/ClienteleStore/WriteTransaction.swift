import FluentKit
import SQLKit

/// A transaction that will write. On SQLite it joins the next group commit of `SQLiteWriteGate`, which takes the
/// write lock up front (`BEGIN IMMEDIATE`) so a read lock never has to be upgraded; on PostgreSQL it is a transaction.
/// Either way the counters its writers move and the timeline entries they add are written once, just before the
/// commit (`DeferredWrites`).
public enum WriteTransaction {
    /// Written inside every writing transaction the current task runs, just after its body: an idempotent request's
    /// mark that its work committed (the application's `IdempotentRequest`), which commits — or not — with the work.
    @TaskLocal public static var alsoWrite: (@Sendable (any Database) async throws -> Void)?

    /// `rerunnable`: `body` keeps no state between runs, so on SQLite it may share a group commit without a savepoint
    /// of its own and run again alone if another writer of the group fails (see `SQLiteWriteGate.perform`). Inserts
    /// written with `RowInsert` and updates written as SQL qualify; a body that calls Fluent's `save` does not.
    @inlinable
    public static func run<T: Sendable>(
        on database: any Database, rerunnable: Bool = false,
        _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        guard let also = alsoWrite else { return try await runBody(on: database, rerunnable: rerunnable, body) }
        return try await runBody(on: database, rerunnable: rerunnable) { db in
            let result = try await body(db)
            try await also(db)
            return result
        }
    }

    @usableFromInline
    static func runBody<T: Sendable>(
        on database: any Database, rerunnable: Bool,
        _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        if let connection = SQLiteWriteGate.current { return try await body(connection) }
        // Inside a transaction that collects its deferred writes already (an import batch): join it.
        if database.inTransaction, DeferredWrites.current != nil { return try await body(database) }
        guard SQLDialectKind(database) == .sqlite, !database.inTransaction else {
            // Fluent runs the closure in a task of its own, started from the connection's event loop: task-local
            // values do not reach it unless carried.
            let traceID = RequestTrace.id
            return try await database.transaction { db in
                try await RequestTrace.$id.withValue(traceID) {
                    try await RequestTrace.tagTransaction(db)
                    return try await DeferredWrites.collecting(on: db) { try await body(db) }
                }
            }
        }
        return try await SQLiteWriteGateMarker.gate(of: database).perform(on: database, rerunnable: rerunnable) {
            try await body($0)
        } as! T
    }
}
