import Fluent
import SQLKit

/// A transaction that will write. On SQLite it joins the next group commit of `SQLiteWriteGate`, which takes the
/// write lock up front (`BEGIN IMMEDIATE`) so a read lock never has to be upgraded; on PostgreSQL it is a transaction.
enum WriteTransaction {
    static func run<T: Sendable>(
        on database: any Database, _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        if let connection = SQLiteWriteGate.current { return try await body(connection) }
        guard SQLDialectKind(database) == .sqlite, !database.inTransaction else {
            return try await database.transaction(body)
        }
        return try await SQLiteWriteGateMarker.gate(of: database).perform(on: database) { try await body($0) } as! T
    }
}
