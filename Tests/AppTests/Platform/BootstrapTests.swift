@testable import App
import Fluent
import SQLKit
import Testing
import Vapor

@Suite struct BootstrapTests {
    @Test func firstStartCreatesTheConfiguredSuperAdminAndASecondStartNothing() async throws {
        try await withTestApp { app in
            let me = try await app.send(.GET, "/api/v1/me", token: try await app.rootToken())
            #expect(me.status == .ok)
            #expect(me["role"] as? String == "super_admin")
            #expect(me["email"] as? String == Root.email)
            #expect(me["organization_id"] is NSNull)

            try await AdminBootstrap(app: app).run()
            let superAdmins = try await Unscoped.query(User.self, on: app.db).filter(\.$role == .superAdmin).count()
            #expect(superAdmins == 1)
        }
    }

    @Test func withoutConfiguredCredentialsAGeneratedPasswordIsUsed() async throws {
        try await withTestApp(adjust: { $0.adminEmail = nil; $0.adminPassword = nil }) { app in
            let admin = try #require(try await Unscoped.query(User.self, on: app.db).filter(\.$role == .superAdmin).first())
            #expect(admin.email == "admin@localhost.localdomain")
            #expect(admin.passwordHash.hasPrefix("$2"))
            let refused = try await app.send(.POST, "/api/v1/auth/token",
                                             json: ["email": admin.email, "password": Root.password])
            refused.expectProblem(.unauthorized)
        }
    }

    @Test func healthAnswers200WithTheDatabaseUp() async throws {
        try await withTestApp { app in
            let health = try await app.send(.GET, "/health")
            #expect(health.status == .ok)
            #expect(health["database"] as? String == "ok")
        }
    }

    @Test func readyAnswers200OnceEveryMigrationHasRunAnd503Before() async throws {
        try await withTestApp { app in
            let ready = try await app.send(.GET, "/ready")
            #expect(ready.status == .ok, "\(ready.text)")
            #expect(ready["migrations"] as? String == "current")
            // As during a rolling upgrade: a migration this binary knows has not run on the database yet.
            let sql = app.db as! any SQLDatabase
            try await sql.raw("DELETE FROM _fluent_migrations WHERE name = 'App.CreateDuplicatePairs'").run()
            let behind = try await app.send(.GET, "/ready")
            behind.expectProblem(.serviceUnavailable)
            #expect((behind["detail"] as? String)?.contains("App.CreateDuplicatePairs") == true, "\(behind.text)")
            #expect(try await app.send(.GET, "/health").status == .ok, "liveness does not wait for migrations")
        }
    }

    @Test func healthAnswers503WhenTheDatabaseIsUnreachable() async throws {
        let app = try await Application.make(.testing)
        do {
            // Nothing listens on port 1: every connection is refused.
            try await configure(app, config: AppConfig(
                database: .postgres(url: "postgres://nobody:nothing@127.0.0.1:1/none"), bcryptCost: 4, migrateOnBoot: false))
            let health = try await app.send(.GET, "/health")
            health.expectProblem(.serviceUnavailable)
            try await app.send(.GET, "/ready").expectProblem(.serviceUnavailable)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
