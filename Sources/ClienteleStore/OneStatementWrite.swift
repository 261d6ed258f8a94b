import FluentKit
import Foundation
import Logging
import NIOConcurrencyHelpers
import SQLKit

extension WriteTransaction {
    /// PostgreSQL, outside any transaction: a write none of whose statements needs an answer before the end — the
    /// rows `body` returns (written first, in their order), then what it collects for the end (`DeferredWrites`:
    /// counters, log rows) — goes to the database as **one statement**, each write a data-modifying `WITH` part. A
    /// single statement is a transaction of its own in PostgreSQL: all of it or none of it is written, and the
    /// `BEGIN`, the request's `application_name` (`RequestTrace`: set by the statement itself) and the `COMMIT`, three
    /// round trips of a create's six, are not needed.
    ///
    /// `body` gets a database that refuses every statement (`CollectingDatabase`); so do the before-commit steps. When
    /// either asks it for anything, or on SQLite, inside a transaction, with something to write beside
    /// (`alsoWrite`: an idempotent request's mark), or with more values than one statement takes, nothing has been
    /// written and the answer is false: the caller then writes with `run`, in a transaction.
    ///
    /// Order: PostgreSQL runs a statement's main part first, then its `WITH` parts from the last to the first
    /// (`DeferredWrites.runAsOne`). The first rows are placed last among the parts, so they are written first and in
    /// order, before the counters — the order every other writing transaction takes, so that none of them waits on
    /// this one in the opposite order.
    public static func runAsOneStatement(
        on database: any Database, _ body: (any Database) async throws -> [RowInsert]
    ) async throws -> Bool {
        guard SQLDialectKind(database) == .postgres, !database.inTransaction, alsoWrite == nil,
              SQLiteWriteGate.current == nil, let sql = database as? any SQLDatabase else { return false }
        let collecting = CollectingDatabase(database, sql: sql)
        let deferred = DeferredWrites()
        let first: [RowInsert]
        do {
            first = try await DeferredWrites.$current.withValue(deferred) {
                let first = try await body(collecting)
                for step in BeforeCommitMarker.steps(of: database) { try await step(collecting) }
                return first
            }
        } catch where collecting.wasAsked {
            return false
        }
        guard !collecting.wasAsked, let firstParts = DeferredWrites.parts(of: first),
              var parts = deferred.composedStatements() else { return false }
        parts += firstParts.reversed()
        if let id = RequestTrace.id, RequestTrace.isPlain(id) {
            parts.append("SELECT set_config('application_name', \(bind: RequestTrace.applicationName(for: id)), true)")
        }
        try await DeferredWrites.runAsOne(parts, on: database)
        return true
    }
}

/// A database that answers nothing: handed to code that should only collect its writes for later
/// (`WriteTransaction.runAsOneStatement`). Every statement fails with `Refused`, and `wasAsked` stays true after, so
/// that a caller which swallowed the error is still found out. It says it is in a transaction, so that a nested
/// write joins it (and is refused) instead of opening one, and it speaks the real database's dialect.
final class CollectingDatabase: Database, SQLDatabase, @unchecked Sendable {
    struct Refused: Error, CustomStringConvertible {
        var description: String { "a statement was asked of a write that only collects" }
    }

    private let real: any Database
    private let realSQL: any SQLDatabase
    private let asked = NIOLockedValueBox(false)

    init(_ real: any Database, sql: any SQLDatabase) {
        self.real = real
        self.realSQL = sql
    }

    var wasAsked: Bool { asked.withLockedValue { $0 } }

    private func refuse<T>() -> EventLoopFuture<T> {
        asked.withLockedValue { $0 = true }
        return real.eventLoop.makeFailedFuture(Refused())
    }

    var context: DatabaseContext { real.context }
    var inTransaction: Bool { true }

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) -> EventLoopFuture<Void> {
        refuse()
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> { refuse() }
    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> { refuse() }

    func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        refuse()
    }

    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        refuse()
    }

    var logger: Logger { real.logger }
    var eventLoop: any EventLoop { real.eventLoop }
    var dialect: any SQLDialect { realSQL.dialect }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        refuse()
    }
}
