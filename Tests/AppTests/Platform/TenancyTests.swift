@testable import App
import Testing
import Vapor

/// An admin of organization A can neither read, list nor change anything of organization B.
@Suite struct TenancyTests {
    @Test func anotherOrganizationsUsersAnswer404AndNeverAppearInLists() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            let a = try await app.createOrganization("alpha", rootToken: root)
            let b = try await app.createOrganization("bravo", rootToken: root)
            let bAgent = try await app.createUser(in: b, role: "agent")

            try await app.send(.GET, "/api/v1/users/\(bAgent.id)", token: a.adminToken).expectProblem(.notFound)
            try await app.send(.PATCH, "/api/v1/users/\(bAgent.id)", token: a.adminToken, json: ["name": "Taken"])
                .expectProblem(.notFound)
            try await app.send(.DELETE, "/api/v1/users/\(bAgent.id)", token: a.adminToken).expectProblem(.notFound)
            let missing = try await app.send(.GET, "/api/v1/users/\(UUID())", token: a.adminToken)
            let foreign = try await app.send(.GET, "/api/v1/users/\(bAgent.id)", token: a.adminToken)
            #expect(missing["detail"] as? String == foreign["detail"] as? String)

            let list = try await app.send(.GET, "/api/v1/users?per_page=100", token: a.adminToken)
            #expect(list.data.allSatisfy { $0["organization_id"] as? String == a.id })
            #expect(!list.text.contains(bAgent.email))

            let untouched = try await app.send(.GET, "/api/v1/users/\(bAgent.id)", token: b.adminToken)
            #expect(untouched["name"] as? String == "agent")
            #expect(try await app.send(.GET, "/api/v1/me", token: bAgent.token).status == .ok)
        }
    }

    @Test func onlyASuperAdminMayNameAnotherOrganization() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            let a = try await app.createOrganization("alpha", rootToken: root)
            let b = try await app.createOrganization("bravo", rootToken: root)
            try await app.send(.GET, "/api/v1/users", token: a.adminToken, headers: [("X-Organization-Id", b.id)])
                .expectProblem(.forbidden)
            #expect(try await app.send(.GET, "/api/v1/users", token: a.adminToken,
                                       headers: [("X-Organization-Id", a.id)]).status == .ok)
        }
    }
}
