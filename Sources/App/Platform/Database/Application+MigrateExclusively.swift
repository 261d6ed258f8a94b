import Fluent
import SQLKit
import Vapor

extension Application {
    /// Runs the migrations not yet run. On PostgreSQL several instances may start at once (a rolling upgrade, a
    /// cluster's first start): the first takes an advisory lock for the database's schema and migrates, the others
    /// wait for the lock, then find nothing left to run. The lock lives on one pooled connection for the duration;
    /// the migrations run on others. SQLite is one process's file: nothing to share.
    func migrateExclusively() async throws {
        guard SQLDialectKind(db) == .postgres else {
            try await autoMigrate()
            return
        }
        try await db.withConnection { connection in
            let sql = try connection.sql
            let key: SQLQueryString = "hashtext(current_schema() || '.clientele-migrations')"
            try await sql.raw("SELECT pg_advisory_lock(" + key + ")").run()
            do {
                try await self.autoMigrate()
            } catch {
                try? await sql.raw("SELECT pg_advisory_unlock(" + key + ")").run()
                throw error
            }
            try await sql.raw("SELECT pg_advisory_unlock(" + key + ")").run()
        }
    }
}
