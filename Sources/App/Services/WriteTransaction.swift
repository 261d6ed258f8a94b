import Fluent
import SQLKit

/// A transaction that will write. On SQLite it takes the write lock up front (`BEGIN IMMEDIATE`), so two
/// connections wait on the busy timeout instead of failing when a read lock cannot be upgraded.
enum WriteTransaction {
    static func run<T: Sendable>(
        on database: any Database, _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        guard SQLDialectKind(database) == .sqlite, !database.inTransaction else {
            return try await database.transaction(body)
        }
        return try await database.withConnection { connection in
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
