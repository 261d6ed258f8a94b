@testable import App
import Fluent
import SQLKit
import Testing
import Vapor

/// Several instances starting at once on one PostgreSQL database migrate it once: one holds the advisory lock and
/// migrates, the others wait and find nothing left (without the lock, two would create the same tables and one fail).
@Suite struct MigrationLockTests {
    @Test func instancesStartingTogetherMigrateTheDatabaseOnce() async throws {
        try await withInstances(3, migrate: false) { apps in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for app in apps { group.addTask { try await app.migrateExclusively() } }
                try await group.waitForAll()
            }
            let sql = apps[0].db as! any SQLDatabase
            let names = try await sql.raw("SELECT name FROM _fluent_migrations").all().map { try $0.decode(column: "name", as: String.self) }
            #expect(names.sorted() == AppMigrations.all.map(\.name).sorted())
            let ready = try await apps[2].send(.GET, "/ready")
            #expect(ready.status == .ok, "\(ready.text)")
        }
    }
}
