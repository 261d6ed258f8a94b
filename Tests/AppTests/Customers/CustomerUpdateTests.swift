@testable import App
import Testing
import Vapor

@Suite struct CustomerUpdateTests {
    @Test func patchChangesOnlyTheFieldsSentAndNullClears() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let created = try await app.createCustomer(org.adminToken, [
                "name": "Ann", "email": "ann@example.com", "company": "Acme", "tags": ["a"], "notes": "n"])
            let id = try #require(created["id"] as? String)
            let patched = try await app.send(.PATCH, "/api/v1/customers/\(id)", token: org.adminToken,
                                             json: ["company": NSNull(), "tags": ["b", "c"], "status": "inactive"])
            #expect(patched.status == .ok)
            #expect(patched["company"] is NSNull)
            #expect(patched["email"] as? String == "ann@example.com")
            #expect(patched["notes"] as? String == "n")
            #expect(patched["tags"] as? [String] == ["b", "c"])
            #expect(patched["status"] as? String == "inactive")
            #expect(patched["version"] as? Int == 2)
            #expect(patched.headers.first(name: .eTag) == "\"2\"")
            try await app.send(.PATCH, "/api/v1/customers/\(id)", token: org.adminToken, json: ["name": NSNull()])
                .expectProblem(.unprocessableEntity, field: "name")
            let unchanged = try await app.send(.PATCH, "/api/v1/customers/\(id)", token: org.adminToken, json: ["company": NSNull()])
            #expect(unchanged["version"] as? Int == 2, "a change that changes nothing is no new version")
        }
    }

    /// A change writes the fields it changed: the totals an order moved meanwhile (without a new version) stay, and a
    /// changed name or email is what the search finds from then on.
    @Test func aChangeKeepsTotalsAnOrderMovedAndIsFoundByItsNewName() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let created = try await app.createCustomer(org.adminToken, ["name": "Maud Quill", "email": "maud@example.com"])
            let id = try #require(created["id"] as? String)
            let version = try #require(created["version"] as? Int)
            let order = try await app.send(.POST, "/api/v1/orders", token: org.adminToken, json: [
                "customer_id": id, "platform": "web", "amount": "12.50", "currency": "USD"])
            #expect(order.status == .created)
            let patched = try await app.send(.PATCH, "/api/v1/customers/\(id)", token: org.adminToken,
                                             json: ["name": "Maud Zephyr", "email": "zephyr@example.com"], headers: [("If-Match", "\"\(version)\"")])
            #expect(patched.status == .ok)
            #expect(patched["total_orders"] as? Int == 1)
            #expect(patched["total_spent"] as? String == "12.50")
            let stored = try await app.send(.GET, "/api/v1/customers/\(id)", token: org.adminToken)
            #expect(stored["total_orders"] as? Int == 1)
            #expect(stored["name"] as? String == "Maud Zephyr")
            #expect(stored["email"] as? String == "zephyr@example.com")
            #expect(try await app.send(.GET, "/api/v1/customers?q=zephyr", token: org.adminToken).data.count == 1)
            #expect(try await app.send(.GET, "/api/v1/customers?q=quill", token: org.adminToken).data.isEmpty)
            #expect(try await app.send(.GET, "/api/v1/customers?q=maud@", token: org.adminToken).data.isEmpty)
        }
    }

    @Test func aStaleIfMatchIs412AndChangesNothing() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let id = try #require(try await app.createCustomer(org.adminToken, ["name": "Ann"])["id"] as? String)
            let first = try await app.send(.PATCH, "/api/v1/customers/\(id)", token: org.adminToken,
                                           json: ["company": "One"], headers: [("If-Match", "\"1\"")])
            #expect(first.status == .ok)
            let stale = try await app.send(.PATCH, "/api/v1/customers/\(id)", token: org.adminToken,
                                           json: ["company": "Two"], headers: [("If-Match", "\"1\"")])
            stale.expectProblem(.preconditionFailed)
            try await app.send(.DELETE, "/api/v1/customers/\(id)", token: org.adminToken, headers: [("If-Match", "\"1\"")])
                .expectProblem(.preconditionFailed)
            let read = try await app.send(.GET, "/api/v1/customers/\(id)", token: org.adminToken)
            #expect(read["company"] as? String == "One")
            try await app.send(.PATCH, "/api/v1/customers/\(id)", token: org.adminToken, json: ["company": "x"],
                               headers: [("If-Match", "yesterday")]).expectProblem(.badRequest, field: "If-Match")
            #expect(try await app.send(.DELETE, "/api/v1/customers/\(id)", token: org.adminToken,
                                       headers: [("If-Match", "\"2\"")]).status == .noContent)
            try await app.send(.GET, "/api/v1/customers/\(id)", token: org.adminToken).expectProblem(.notFound)
        }
    }

    /// Found by the soak test: without `If-Match` the last writer wins — racing changes all succeed, none is 412.
    @Test func racingChangesWithoutIfMatchAllSucceed() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let id = try #require(try await app.createCustomer(org.adminToken, ["name": "Ann"])["id"] as? String)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for n in 0..<6 {
                    group.addTask {
                        try await app.send(.PATCH, "/api/v1/customers/\(id)", token: org.adminToken, json: ["company": "Racer \(n)"]).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .ok }, "\(statuses)")
            let read = try await app.send(.GET, "/api/v1/customers/\(id)", token: org.adminToken)
            #expect(read["version"] as? Int == 7, "each change committed once: \(read.text)")
        }
    }

    @Test func theSameIdempotencyKeyAndBodyAnswerTheFirstResponseAgain() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let body: [String: Any] = ["name": "Once", "email": "once@example.com"]
            let first = try await app.send(.POST, "/api/v1/customers", token: org.adminToken, json: body,
                                           headers: [("Idempotency-Key", "order-77")])
            let again = try await app.send(.POST, "/api/v1/customers", token: org.adminToken, json: body,
                                           headers: [("Idempotency-Key", "order-77")])
            #expect(first.status == .created && again.status == .created)
            #expect(first["id"] as? String == again["id"] as? String)
            #expect(again.headers.first(name: .location) == first.headers.first(name: .location))
            #expect(again.headers.first(name: "Idempotent-Replayed") == "true")
            let list = try await app.send(.GET, "/api/v1/customers", token: org.adminToken)
            #expect(list["total"] as? Int == 1)

            let other = try await app.send(.POST, "/api/v1/customers", token: org.adminToken,
                                           json: ["name": "Other"], headers: [("Idempotency-Key", "order-77")])
            other.expectProblem(.unprocessableEntity, field: "Idempotency-Key")
            // A failed first attempt is not remembered: fixing the body with the same key works.
            try await app.send(.POST, "/api/v1/customers", token: org.adminToken, json: ["name": ""],
                               headers: [("Idempotency-Key", "k2")]).expectProblem(.unprocessableEntity)
            #expect(try await app.send(.POST, "/api/v1/customers", token: org.adminToken, json: ["name": "Fixed"],
                                       headers: [("Idempotency-Key", "k2")]).status == .created)
        }
    }
}
