import Fluent
import SQLKit

/// A transaction that will write. On SQLite it waits its turn in this process, then takes the write lock up
/// front (`BEGIN IMMEDIATE`), so a read lock never has to be upgraded and no thread sleeps in SQLite's
/// busy handler while another writer needs a thread to finish.
enum WriteTransaction {
    static func run<T: Sendable>(
        on database: any Database, _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        guard SQLDialectKind(database) == .sqlite, !database.inTransaction else {
            return try await database.transaction(body)
        }
        return try await SQLiteWriteGate.shared.withTurn {
            try await database.withConnection { connection in
                let sql = connection as! any SQLDatabase
                try await sql.raw("BEGIN IMMEDIATE").run()
                do {
                    let result = try await body(connection)
                    try await sql.raw("COMMIT").run()
                    return result
                } catch {
                    try? await sql.raw("ROLLBACK").run()
                    throw error
                }
            }
        }
    }
}
