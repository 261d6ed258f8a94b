@testable import App
import Testing
import Vapor

@Suite struct UserTests {
    @Test func anAdminCreatesUsersOfEveryRoleAndTheyCanSignIn() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            for role in ["admin", "dispatcher", "agent", "guest"] {
                let user = try await app.createUser(in: org, role: role, name: "\(role)-one")
                let me = try await app.send(.GET, "/api/v1/me", token: user.token)
                #expect(me["role"] as? String == role)
                #expect(me["organization_id"] as? String == org.id)
                #expect(me["password_hash"] == nil && me["password"] == nil)
            }
            let list = try await app.send(.GET, "/api/v1/users", token: org.adminToken)
            #expect(list["total"] as? Int == 5)
            let agents = try await app.send(.GET, "/api/v1/users?role=agent", token: org.adminToken)
            #expect(agents.data.map { $0["role"] as? String } == ["agent"])
        }
    }

    @Test func eachRoleIsAllowedOrRefusedAsTheSpecSays() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let dispatcher = try await app.createUser(in: org, role: "dispatcher")
            let agent = try await app.createUser(in: org, role: "agent")
            let guest = try await app.createUser(in: org, role: "guest")
            let newUser: [String: Any] = ["email": "new@acme.test", "name": "New", "password": testPassword, "role": "agent"]

            #expect(try await app.send(.GET, "/api/v1/users", token: dispatcher.token).status == .ok)
            for caller in [dispatcher, agent, guest] {
                try await app.send(.POST, "/api/v1/users", token: caller.token, json: newUser).expectProblem(.forbidden)
                try await app.send(.PATCH, "/api/v1/users/\(agent.id)", token: caller.token, json: ["name": "X"])
                    .expectProblem(.forbidden)
                try await app.send(.DELETE, "/api/v1/users/\(guest.id)", token: caller.token).expectProblem(.forbidden)
            }
            for caller in [agent, guest] {
                try await app.send(.GET, "/api/v1/users", token: caller.token).expectProblem(.forbidden)
                try await app.send(.GET, "/api/v1/users/\(dispatcher.id)", token: caller.token).expectProblem(.forbidden)
                // Everyone may read their own record.
                #expect(try await app.send(.GET, "/api/v1/users/\(caller.id)", token: caller.token).status == .ok)
            }
        }
    }

    @Test func userInputIsValidated() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let bad = try await app.send(.POST, "/api/v1/users", token: org.adminToken,
                                         json: ["email": "nope", "name": "", "password": "123456789", "role": "owner"])
            bad.expectProblem(.unprocessableEntity)
            #expect(Set(bad.fieldErrors) == ["email", "name", "password", "role"])
            let superAdmin = try await app.send(.POST, "/api/v1/users", token: org.adminToken,
                json: ["email": "s@acme.test", "name": "S", "password": testPassword, "role": "super_admin"])
            superAdmin.expectProblem(.unprocessableEntity, field: "role")
            let long = try await app.send(.POST, "/api/v1/users", token: org.adminToken,
                json: ["email": "l@acme.test", "name": String(repeating: "n", count: 201), "password": testPassword, "role": "agent"])
            long.expectProblem(.unprocessableEntity, field: "name")
            let total = try await app.send(.GET, "/api/v1/users", token: org.adminToken)["total"] as? Int
            #expect(total == 1)
        }
    }

    @Test func emailIsUniqueAcrossTheInstallation() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            let a = try await app.createOrganization("alpha", rootToken: root)
            let b = try await app.createOrganization("bravo", rootToken: root)
            _ = try await app.createUser(in: a, role: "agent", name: "sam")
            let clash = try await app.send(.POST, "/api/v1/users", token: b.adminToken,
                json: ["email": "SAM@alpha.test", "name": "Sam", "password": testPassword, "role": "agent"])
            clash.expectProblem(.conflict, field: "email")
        }
    }

    @Test func disablingOrDeletingAUserStopsTheirTokensAtOnce() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let agent = try await app.createUser(in: org, role: "agent")
            let guest = try await app.createUser(in: org, role: "guest")
            #expect(try await app.send(.GET, "/api/v1/me", token: agent.token).status == .ok)

            let disabled = try await app.send(.PATCH, "/api/v1/users/\(agent.id)", token: org.adminToken, json: ["disabled": true])
            #expect(disabled["disabled"] as? Bool == true)
            try await app.send(.GET, "/api/v1/me", token: agent.token).expectProblem(.unauthorized)
            try await app.send(.POST, "/api/v1/auth/token", json: ["email": agent.email, "password": testPassword])
                .expectProblem(.unauthorized)

            #expect(try await app.send(.DELETE, "/api/v1/users/\(guest.id)", token: org.adminToken).status == .noContent)
            try await app.send(.GET, "/api/v1/me", token: guest.token).expectProblem(.unauthorized)
            try await app.send(.GET, "/api/v1/users/\(guest.id)", token: org.adminToken).expectProblem(.notFound)
        }
    }

    @Test func changesApplyAndANewPasswordEndsOldSessions() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let agent = try await app.createUser(in: org, role: "agent")
            let changed = try await app.send(.PATCH, "/api/v1/users/\(agent.id)", token: org.adminToken,
                json: ["name": "Driver Dan", "role": "dispatcher", "password": "a-new-password-2"])
            #expect(changed.status == .ok)
            #expect(changed["name"] as? String == "Driver Dan")
            #expect(changed["role"] as? String == "dispatcher")
            try await app.send(.GET, "/api/v1/me", token: agent.token).expectProblem(.unauthorized)
            _ = try await app.signIn(agent.email, "a-new-password-2")
        }
    }

    @Test func aRoleChangeReachesATokenUsedAMomentBefore() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let dispatcher = try await app.createUser(in: org, role: "dispatcher")
            let customer = try await app.send(.POST, "/api/v1/customers", token: org.adminToken, json: ["name": "Ann Lee"])
            let id = try #require(customer["id"] as? String)
            // Resolved (and remembered) as a dispatcher, who sees every customer.
            #expect(try await app.send(.GET, "/api/v1/customers/\(id)", token: dispatcher.token).status == .ok)
            #expect(try await app.send(.GET, "/api/v1/me", token: dispatcher.token)["role"] as? String == "dispatcher")

            let changed = try await app.send(.PATCH, "/api/v1/users/\(dispatcher.id)", token: org.adminToken, json: ["role": "guest"])
            #expect(changed.status == .ok)
            #expect(try await app.send(.GET, "/api/v1/me", token: dispatcher.token)["role"] as? String == "guest")
            try await app.send(.GET, "/api/v1/customers/\(id)", token: dispatcher.token).expectProblem(.notFound)
        }
    }

    @Test func theLastActiveAdminCannotBeRemoved() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let me = try await app.send(.GET, "/api/v1/me", token: org.adminToken)
            let adminID = try #require(me["id"] as? String)
            try await app.send(.DELETE, "/api/v1/users/\(adminID)", token: org.adminToken).expectProblem(.conflict)
            try await app.send(.PATCH, "/api/v1/users/\(adminID)", token: org.adminToken, json: ["role": "agent"])
                .expectProblem(.conflict)
            try await app.send(.PATCH, "/api/v1/users/\(adminID)", token: org.adminToken, json: ["disabled": true])
                .expectProblem(.conflict)
            let second = try await app.createUser(in: org, role: "admin", name: "second")
            #expect(try await app.send(.DELETE, "/api/v1/users/\(adminID)", token: second.token).status == .noContent)
        }
    }
}
