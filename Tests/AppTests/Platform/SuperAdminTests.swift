@testable import App
import Fluent
import Testing
import Vapor

@Suite struct SuperAdminTests {
    @Test func actingInsideAnOrganizationIsAudited() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            let a = try await app.createOrganization("alpha", rootToken: root)
            let b = try await app.createOrganization("bravo", rootToken: root)
            _ = try await app.createUser(in: a, role: "agent")

            let users = try await app.send(.GET, "/api/v1/users", token: root, headers: [("X-Organization-Id", a.id)])
            #expect(users.status == .ok)
            #expect(users["total"] as? Int == 2)
            let created = try await app.send(.POST, "/api/v1/users", token: root,
                json: ["email": "support-made@alpha.test", "name": "S", "password": testPassword, "role": "guest"],
                headers: [("X-Organization-Id", a.id)])
            #expect(created["organization_id"] as? String == a.id)

            let log = try await app.send(.GET, "/api/v1/audit-log?organization_id=\(a.id)", token: root)
            #expect(log.status == .ok)
            let entries = log.data
            #expect(entries.count == 2)
            let me = try await app.send(.GET, "/api/v1/me", token: root)
            for entry in entries {
                #expect(entry["actor_user_id"] as? String == me["id"] as? String)
                #expect(entry["organization_id"] as? String == a.id)
                #expect(entry["path"] as? String == "/api/v1/users")
                #expect(entry["created_at"] is String)
            }
            #expect(Set(entries.compactMap { $0["method"] as? String }) == ["GET", "POST"])

            // The organization's own admin sees the support access to it, and only that.
            let seenByA = try await app.send(.GET, "/api/v1/audit-log", token: a.adminToken)
            #expect(seenByA["total"] as? Int == 2)
            let seenByB = try await app.send(.GET, "/api/v1/audit-log", token: b.adminToken)
            #expect(seenByB["total"] as? Int == 0)
        }
    }

    @Test func aSuperAdminMustNameAValidOrganizationForTenantData() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            try await app.send(.GET, "/api/v1/users", token: root).expectProblem(.badRequest, field: "X-Organization-Id")
            try await app.send(.GET, "/api/v1/users", token: root, headers: [("X-Organization-Id", "not-a-uuid")])
                .expectProblem(.badRequest, field: "X-Organization-Id")
            try await app.send(.GET, "/api/v1/users", token: root, headers: [("X-Organization-Id", UUID().uuidString)])
                .expectProblem(.notFound)
        }
    }
}
