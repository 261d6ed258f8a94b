@testable import App
import Fluent
import SQLKit
import Testing
import Vapor

/// Several app instances on one fresh PostgreSQL schema, as behind a load balancer (nothing without
/// `TEST_DATABASE_URL`): configured with `adjust`, not migrated unless `migrate` (then booted, with the super admin).
/// The schema is dropped and the instances shut down afterwards; an error inside is recorded as the test's issue.
func withInstances(_ count: Int, migrate: Bool = true, adjust: (inout AppConfig) -> Void = { _ in },
                   _ test: ([Application]) async throws -> Void) async throws {
    guard let postgresURL = TestDatabase.postgresURL else { return }
    let schema = TestDatabase.newSchema()
    var apps: [Application] = []
    for _ in 0..<count {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        var config = AppConfig(database: .postgres(url: postgresURL, searchPath: schema), adminEmail: Root.email,
                               adminPassword: Root.password, bcryptCost: 4, migrateOnBoot: false)
        config.loyaltyJobInterval = 0
        config.tokenRevocationInterval = 0
        adjust(&config)
        try await configure(app, config: config)
        apps.append(app)
    }
    let sql = apps[0].db as! any SQLDatabase
    do {
        try await PostgresExtensions.shared.install(on: sql)
        try await sql.raw("CREATE SCHEMA \(ident: schema)").run()
        if migrate {
            try await apps[0].migrateExclusively()
            try await AdminBootstrap(app: apps[0]).run()
        }
        for app in apps { try await app.asyncBoot() }
        try await test(apps)
    } catch {
        Issue.record(error)
    }
    try? await sql.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
    for app in apps { try? await app.asyncShutdown() }
}
