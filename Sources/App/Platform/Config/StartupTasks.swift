import Fluent
import Vapor

/// Before the server answers: SQLite connection settings, migrations and the first super admin.
/// Migrations run on `serve` only; the `migrate` command owns them otherwise.
struct StartupTasks: LifecycleHandler {
    func willBootAsync(_ app: Application) async throws {
        if app.config.database.isSQLite {
            try await SQLitePragmas.apply(to: app)
        }
        guard app.config.migrateOnBoot, Self.isServing(app) else { return }
        try await app.migrateExclusively()
        // Search-index entries a process left queued (see `QueueSearchIndexInserts`) are written before anyone searches.
        try await WriteTransaction.run(on: app.db) { try await CustomerSearchIndex.flushQueued(on: $0) }
        try await AdminBootstrap(app: app).run()
    }

    static func isServing(_ app: Application) -> Bool {
        let command = app.environment.arguments.dropFirst().first
        return command == nil || command == "serve" || command?.hasPrefix("-") == true
    }
}
