@testable import App
import Testing
import Vapor

@Suite struct CustomerRoleTests {
    @Test func aGuestSeesAndEditsOnlyTheCustomersItManages() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let guest = try await app.createUser(in: org, role: "guest")
            let mine = try await app.createCustomer(org.adminToken, ["name": "Mine", "managed_by": guest.id, "notes": "staff only"])
            let theirs = try await app.createCustomer(org.adminToken, ["name": "Theirs"])
            #expect(try await app.customerNames(guest.token, "") == ["Mine"])
            let read = try await app.send(.GET, "/api/v1/customers/\(mine["id"]!)", token: guest.token)
            #expect(read.status == .ok)
            #expect(read["notes"] == nil, "notes are staff-only")
            try await app.send(.GET, "/api/v1/customers/\(theirs["id"]!)", token: guest.token).expectProblem(.notFound)
            try await app.send(.PATCH, "/api/v1/customers/\(theirs["id"]!)", token: guest.token, json: ["name": "X"]).expectProblem(.notFound)
            #expect(try await app.send(.PATCH, "/api/v1/customers/\(mine["id"]!)", token: guest.token, json: ["company": "G"]).status == .ok)
            let created = try await app.createCustomer(guest.token, ["name": "Guest Made"])
            #expect(created["managed_by"] as? String == guest.id)
            try await app.send(.POST, "/api/v1/customers", token: guest.token, json: ["name": "Y", "managed_by": NSNull()])
                .expectProblem(.forbidden)
            try await app.send(.DELETE, "/api/v1/customers/\(mine["id"]!)", token: guest.token).expectProblem(.forbidden)
        }
    }

    @Test func dispatchersManageCustomersAndAgentsAreKeptOut() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let dispatcher = try await app.createUser(in: org, role: "dispatcher")
            let agent = try await app.createUser(in: org, role: "agent")
            let made = try await app.createCustomer(dispatcher.token, ["name": "By Dispatcher", "notes": "n"])
            #expect(made["notes"] as? String == "n")
            #expect(try await app.send(.DELETE, "/api/v1/customers/\(made["id"]!)", token: dispatcher.token).status == .noContent)
            let seen = try await app.send(.GET, "/api/v1/customers", token: agent.token)
            #expect(seen.status == .ok && seen["total"] as? Int == 0, "an agent with no tasks sees no customers")
            try await app.send(.POST, "/api/v1/customers", token: agent.token, json: ["name": "No"]).expectProblem(.forbidden)
        }
    }
}
