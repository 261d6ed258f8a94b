@testable import App
import Fluent
import SQLKit
import Testing
import Vapor

/// Several instances starting at once on one PostgreSQL database migrate it once: one holds the advisory lock and
/// migrates, the others wait and find nothing left (without the lock, two would create the same tables and one fail).
@Suite struct MigrationLockTests {
    @Test func instancesStartingTogetherMigrateTheDatabaseOnce() async throws {
        guard let postgresURL = TestDatabase.postgresURL else { return }
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        var apps: [Application] = []
        for _ in 0..<3 {
            let app = try await Application.make(.testing)
            app.logger.logLevel = .warning
            var config = AppConfig(database: .postgres(url: postgresURL, searchPath: String(schema)), bcryptCost: 4, migrateOnBoot: false)
            config.tokenRevocationInterval = 0
            try await configure(app, config: config)
            try await app.asyncBoot()
            apps.append(app)
        }
        let sql = apps[0].db as! any SQLDatabase
        do {
            try await PostgresExtensions.shared.install(on: sql)
            try await sql.raw("CREATE SCHEMA \(ident: String(schema))").run()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for app in apps { group.addTask { try await app.migrateExclusively() } }
                try await group.waitForAll()
            }
            let names = try await sql.raw("SELECT name FROM _fluent_migrations").all().map { try $0.decode(column: "name", as: String.self) }
            #expect(names.sorted() == AppMigrations.all.map(\.name).sorted())
            let ready = try await apps[2].send(.GET, "/ready")
            #expect(ready.status == .ok, "\(ready.text)")
        } catch {
            Issue.record(error)
        }
        try? await sql.raw("DROP SCHEMA IF EXISTS \(ident: String(schema)) CASCADE").run()
        for app in apps { try? await app.asyncShutdown() }
    }
}
