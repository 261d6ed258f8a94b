@testable import App
import Fluent
import SQLKit
import Testing
import Vapor

/// Two instances on one PostgreSQL database, each keeping the tokens it resolved (`TokenCache`, 5 s here): a token
/// revoked through one fails on the other within a second (`TokenRevocations`), not after the cache's lifetime.
@Suite struct TokenRevocationTests {
    @Test func aTokenRevokedOnOneInstanceFailsOnTheOtherWithinASecond() async throws {
        guard let postgresURL = TestDatabase.postgresURL else { return }
        let schema = String("t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20))
        var apps: [Application] = []
        for _ in 0..<2 {
            let app = try await Application.make(.testing)
            app.logger.logLevel = .warning
            var config = AppConfig(database: .postgres(url: postgresURL, searchPath: schema), adminEmail: Root.email,
                                   adminPassword: Root.password, bcryptCost: 4, migrateOnBoot: false)
            config.tokenCacheSeconds = 5
            config.loyaltyJobInterval = 0
            config.tokenRevocationInterval = 0.1
            try await configure(app, config: config)
            apps.append(app)
        }
        let (a, b) = (apps[0], apps[1])
        let sql = a.db as! any SQLDatabase
        do {
            try await PostgresExtensions.shared.install(on: sql)
            try await sql.raw("CREATE SCHEMA \(ident: schema)").run()
            try await a.migrateExclusively()
            try await AdminBootstrap(app: a).run()
            for app in apps { try await app.asyncBoot() }
            let org = try await a.createOrganization("acme", rootToken: try await a.rootToken())
            // Both instances have resolved (and keep) the token.
            #expect(try await a.send(.GET, "/api/v1/customers", token: org.adminToken).status == .ok)
            #expect(try await b.send(.GET, "/api/v1/customers", token: org.adminToken).status == .ok)
            #expect(try await a.send(.DELETE, "/api/v1/auth/token", token: org.adminToken).status == .noContent)
            #expect(try await a.send(.GET, "/api/v1/customers", token: org.adminToken).status == .unauthorized)
            let started = ContinuousClock.now
            var refused = false
            while ContinuousClock.now - started < .seconds(1), !refused {
                refused = try await b.send(.GET, "/api/v1/customers", token: org.adminToken).status == .unauthorized
                if !refused { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(refused, "the other instance still accepted the revoked token after 1 s")
        } catch {
            Issue.record(error)
        }
        try? await sql.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
        for app in apps { try? await app.asyncShutdown() }
    }
}
