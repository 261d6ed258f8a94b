@testable import ClienteleStore
import FluentKit
import Foundation
import SQLKit
import Testing

/// The migrations hold their own SQL: the whole schema builds, and comes down again, with the store alone.
@Suite struct MigrationTests {
    @Test func everyMigrationRunsAndRevertsOnSQLite() async throws {
        try await withStoreDatabase { store in
            let migrations = Migrations()
            migrations.add(AppMigrations.all)
            let migrator = Migrator(databases: store.databases, migrations: migrations, logger: store.logger,
                                    on: store.eventLoopGroup.any(), migrationLogLevel: .debug)
            try await migrator.setupIfNeeded().get()
            try await migrator.prepareBatch().get()
            let tables = try await tableNames(store.sql)
            for table in ["organizations", "users", "api_tokens", "audit_log", "auth_failures", "customers", "customer_tags",
                          "customer_events", "idempotency_keys", "organization_counters", "addresses", "orders", "tasks",
                          "task_transitions", "customer_signup_counts", "dashboard_sessions", "import_jobs",
                          "customer_erasures", "customers_fts", "customers_fts_pending"] {
                #expect(tables.contains(table), "\(table)")
            }
            try await migrator.revertAllBatches().get()
            #expect(try await tableNames(store.sql).subtracting(["_fluent_migrations"]).filter { !$0.hasPrefix("sqlite_") }.isEmpty)
        }
    }

    private func tableNames(_ sql: any SQLDatabase) async throws -> Set<String> {
        let rows = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table'").all()
        return Set(try rows.map { try $0.decode(column: "name", as: String.self) })
    }
}
