@testable import App
import Fluent
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The super admin every test app starts with.
enum Root {
    static let email = "root@clientele.test"
    static let password = "root-password-1"
}

/// Which database the suite runs on: a fresh in-memory SQLite per test, or, when `TEST_DATABASE_URL`
/// is set, a fresh schema per test on that PostgreSQL server.
enum TestDatabase {
    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static var isPostgres: Bool { postgresURL != nil }

    static func fresh() -> (url: DatabaseURL, schema: String?) {
        guard let postgresURL else { return (.sqliteMemory, nil) }
        let schema = newSchema()
        return (.postgres(url: postgresURL, searchPath: schema), schema)
    }

    /// A schema name no other test uses.
    static func newSchema() -> String {
        String("t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20))
    }
}

/// Runs `test` against a configured, migrated application with a bootstrapped super admin.
func withTestApp(
    adjust: (inout AppConfig) -> Void = { _ in },
    _ test: (Application) async throws -> Void
) async throws {
    let (url, schema) = TestDatabase.fresh()
    var config = AppConfig(database: url, adminEmail: Root.email, adminPassword: Root.password,
                           bcryptCost: 4, migrateOnBoot: false)
    // The suite runs its tests in parallel against one PostgreSQL server: a concurrency test's writers may wait for
    // a pooled connection longer than a lone server's requests would.
    config.databasePoolTimeout = 30
    // The loyalty jobs run when a test runs them (`LoyaltyJobs.run`), never on a timer.
    config.loyaltyJobInterval = 0
    // Each test is one instance; `TokenRevocationTests` starts two with the watch on.
    config.tokenRevocationInterval = 0
    adjust(&config)
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning
    do {
        try await configure(app, config: config)
        if let schema, let sql = app.db as? any SQLDatabase {
            try await PostgresExtensions.shared.install(on: sql)
            try await sql.raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
        }
        try await app.asyncBoot()
        try await app.autoMigrate()
        try await AdminBootstrap(app: app).run()
        try await test(app)
    } catch {
        await dropSchema(schema, app: app)
        try? await app.asyncShutdown()
        throw error
    }
    await dropSchema(schema, app: app)
    try await app.asyncShutdown()
}

private func dropSchema(_ schema: String?, app: Application) async {
    guard let schema, let sql = app.db as? any SQLDatabase else { return }
    try? await sql.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
}

/// Extensions are per database, not per schema: install them once, before tests race to.
actor PostgresExtensions {
    static let shared = PostgresExtensions()
    /// One installation at a time: on a fresh server, parallel tests would otherwise race to create it.
    private let installing = OneAtATime<String, Void>()
    private var installed = false

    /// Installs through the caller's own database. Another test's installation that failed is not this test's
    /// failure (it went through that test's database, say an app whose replica does not answer): this caller then
    /// installs through its own.
    func install(on sql: any SQLDatabase) async throws {
        guard !installed else { return }
        _ = try await installing.run("pg_trgm") { [self] in
            guard await !self.installed else { return }
            // The store's tests (`withPostgresStoreDatabase`) run in this process too and create it on their own
            // connection: two `CREATE EXTENSION IF NOT EXISTS` at once make the later one fail on the catalog's
            // unique index. The extension is then there, which is all this asks. (`scripts/start-postgres.sh` creates it
            // at start, so this matters only on a server of one's own.)
            for attempt in 1...3 {
                do {
                    try await sql.raw("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public").run()
                    break
                } catch {
                    if attempt == 3 { throw error }
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
            await self.markInstalled()
        }
    }

    private func markInstalled() { installed = true }
}
