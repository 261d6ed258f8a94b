@testable import App
import Testing
import Vapor

/// Issue 16, item 3: a stored idempotent answer is replayed only to the user it was made for, after the route's
/// permission check; two requests racing on one key run once.
@Suite struct IdempotencyBindingTests {
    @Test func anAgentReusingADispatchersKeyGetsNoStoredAnswer() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let dispatcher = try await app.createUser(in: org, role: "dispatcher")
            let agent = try await app.createUser(in: org, role: "agent")
            let body: [String: Any] = ["name": "Ann", "phone": "+14155550101", "notes": "internal: owes money"]
            let key = [("Idempotency-Key", "key-1")]
            let first = try await app.send(.POST, "/api/v1/customers/upsert", token: dispatcher.token, json: body, headers: key)
            #expect(first.status == .created)
            let replay = try await app.send(.POST, "/api/v1/customers/upsert", token: dispatcher.token, json: body, headers: key)
            #expect(replay.status == .created && replay.headers.first(name: "Idempotent-Replayed") == "true")
            let stolen = try await app.send(.POST, "/api/v1/customers/upsert", token: agent.token, json: body, headers: key)
            stolen.expectProblem(.forbidden)
            #expect(!stolen.text.contains("owes money"))
            // Another user with the right to ask runs the request for itself: no replay of someone else's answer.
            let other = try await app.send(.POST, "/api/v1/customers/upsert", token: org.adminToken, json: body, headers: key)
            #expect(other.status == .ok && other.headers.first(name: "Idempotent-Replayed") == nil, "\(other.text)")
        }
    }

    @Test func aUserWhoLostTheRightGetsNoReplay() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let dispatcher = try await app.createUser(in: org, role: "dispatcher")
            let key = [("Idempotency-Key", "key-2")]
            let body: [String: Any] = ["name": "Bob", "email": "bob@example.com"]
            #expect(try await app.send(.POST, "/api/v1/customers", token: dispatcher.token, json: body, headers: key).status == .created)
            let demoted = try await app.send(.PATCH, "/api/v1/users/\(dispatcher.id)", token: org.adminToken, json: ["role": "agent"])
            #expect(demoted.status == .ok, "\(demoted.text)")
            let token = try await app.signIn(dispatcher.email, testPassword)
            try await app.send(.POST, "/api/v1/customers", token: token, json: body, headers: key).expectProblem(.forbidden)
        }
    }

    @Test func twoRequestsRacingOnOneKeyCreateOneRecord() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await app.send(.POST, "/api/v1/orders", token: org.adminToken,
                                           json: ["guest": ["name": "Racer", "email": "racer@example.com"], "amount": "5.00"],
                                           headers: [("Idempotency-Key", "race-1")]).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .created || $0 == .conflict }, "\(statuses)")
            #expect(statuses.contains(.created))
            #expect(try await app.send(.GET, "/api/v1/orders", token: org.adminToken)["total"] as? Int == 1)
        }
    }
}
