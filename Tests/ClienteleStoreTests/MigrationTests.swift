@testable import ClienteleStore
import FluentKit
import Foundation
import SQLKit
import Testing

/// The migrations hold their own SQL: the whole schema builds, and comes down again, with the store alone.
@Suite struct MigrationTests {
    @Test func everyMigrationRunsAndRevertsOnSQLite() async throws {
        try await withStoreDatabase { store in
            let migrator = Self.migrator(store)
            try await migrator.setupIfNeeded().get()
            try await migrator.prepareBatch().get()
            let tables = try await tableNames(store.sql)
            for table in ["organizations", "users", "api_tokens", "audit_log", "auth_failures", "customers", "customer_tags",
                          "customer_events", "idempotency_keys", "organization_counters", "addresses", "orders", "tasks",
                          "task_transitions", "customer_signup_counts", "dashboard_sessions", "import_jobs",
                          "customer_erasures", "customers_fts", "customers_fts_pending", "customers_name_order", "teams",
                          "team_members", "clients", "client_links", "client_events"] {
                #expect(tables.contains(table), "\(table)")
            }
            try await migrator.revertAllBatches().get()
            #expect(try await tableNames(store.sql).subtracting(["_fluent_migrations"]).filter { !$0.hasPrefix("sqlite_") }.isEmpty)
        }
    }

    /// Databases record a migration by name; these are the names the releases before the store's own target wrote
    /// (Fluent's default, the App module's type names). Changing one makes every existing database run it again.
    @Test func migrationNamesAreTheOnesDatabasesRecorded() {
        #expect(AppMigrations.all.map(\.name) == [
            "App.CreateOrganizations", "App.CreateUsers", "App.CreateAPITokens", "App.CreateAuditLog", "App.CreateAuthFailures",
            "App.CreateCustomers", "App.CreateCustomerTagsEventsAndIdempotency", "App.CreateOrganizationCounters",
            "App.CreateAddresses", "App.CreateOrders", "App.CreateTasks", "App.CreateCustomerSignupCounts",
            "App.CreateDashboardSessions", "App.CreateImportJobsAndErasures", "App.CreateCustomerStatusIndex",
            "App.QueueSearchIndexInserts", "App.HardenSecurity", "App.CreateNotifications", "App.CreateLoyalty",
            "App.CreateCourierClients",
            "App.CreateCustomerAccounts", "App.CreateSegments", "App.CreateCustomerMerges", "App.CreateDuplicateKeys",
            "App.CreateWeeklyStatsIndexes", "App.IndexCustomerReferences", "App.CreateDuplicatePairs",
            "App.CreateTokenRevocations", "App.CreateRateLimitWindows", "App.CreateRecentWrites", "App.MakeSchemaCitusReady",
            "App.ShardOrganizationCounters", "App.IndexCustomersInNameOrder", "App.BoundSearchPendingLists",
            "App.MaskCommonTrigrams", "App.PostCommonTrigramsByName",
        ])
    }

    /// A database migrated by an earlier release has nothing left to run.
    @Test func aDatabaseMigratedByAnEarlierReleaseHasNothingToRun() async throws {
        try await withStoreDatabase { store in
            let migrator = Self.migrator(store)
            try await migrator.setupIfNeeded().get()
            #expect(try await migrator.previewPrepareBatch().get().count == AppMigrations.all.count)
            for name in AppMigrations.all.map(\.name) {
                try await store.sql.raw("""
                    INSERT INTO _fluent_migrations (id, name, batch, created_at, updated_at)
                    VALUES (\(bind: UUID().uuidString), \(bind: name), 1, 0, 0)
                    """).run()
            }
            #expect(try await migrator.previewPrepareBatch().get().isEmpty)
        }
    }

    /// A migrator of every migration on the store's database.
    private static func migrator(_ store: StoreDatabase) -> Migrator {
        let migrations = Migrations()
        migrations.add(AppMigrations.all)
        return Migrator(databases: store.databases, migrations: migrations, logger: store.logger,
                        on: store.eventLoopGroup.any(), migrationLogLevel: .debug)
    }

    private func tableNames(_ sql: any SQLDatabase) async throws -> Set<String> {
        let rows = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table'").all()
        return Set(try rows.map { try $0.decode(column: "name", as: String.self) })
    }
}
