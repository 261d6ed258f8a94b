@testable import App
import Testing
import Vapor

@Suite struct PublicLookupTests {
    @Test func aGuestLooksUpOrdersByNumberAndSeesNothingPersonal() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let customer = try await app.createCustomer(org.adminToken, ["name": "Private Person", "email": "private@example.com",
                                                                         "phone": "+14155550177", "notes": "secret"])
            let order = try await app.placeOrder(org.adminToken, ["customer_id": customer["id"]!, "amount": "42.00", "number": "ABCDE12345"])
            try await app.send(.POST, "/api/v1/tasks", token: org.adminToken, json: [
                "type": "delivery", "order_id": order["id"]!, "dropoff": ["line1": "77 Hidden Lane", "notes": "ring twice"],
                "dropoff_window": ["start": "2026-12-01T10:00:00Z", "end": "2026-12-01T12:00:00Z"]])
            let found = try await app.send(.GET, "/api/v1/public/orders?numbers=ABCDE12345,ZZZZZ99999&org=acme")
            #expect(found.status == .ok, "\(found.text)")
            #expect(found.data.count == 1)
            let row = try #require(found.data.first)
            #expect(row["number"] as? String == "ABCDE12345" && row["status"] as? String == "placed")
            let tasks = try #require(row["tasks"] as? [[String: Any]])
            #expect(tasks.first?["status"] as? String == "new")
            #expect((tasks.first?["dropoff_window"] as? [String: Any])?["end"] as? String == "2026-12-01T12:00:00Z")
            for secret in ["Private", "private@example.com", "4155550177", "Hidden", "42.00", "secret", "ring twice"] {
                #expect(!found.text.contains(secret), "leaks \(secret)")
            }
            let byHeader = try await app.send(.GET, "/api/v1/public/orders",
                                              headers: [("X-Order-Numbers", "ABCDE12345"), ("X-Organization", "acme")])
            #expect(byHeader.data.count == 1)
            try await app.send(.GET, "/api/v1/public/orders?numbers=ABCDE12345&org=nobody").expectProblem(.notFound)
            let none = try await app.send(.GET, "/api/v1/public/orders?numbers=QQQQQ11111&org=acme")
            #expect(none.status == .ok && none.data.isEmpty)
        }
    }

    @Test(arguments: [
        "numbers=" + (0..<11).map { String(format: "ABCDE%05d", $0) }.joined(separator: ","),
        "numbers=abcde12345",
        "numbers=ABCDE1234",
        "numbers=ABCDE123456",
        "numbers=ABCDE12345,",
        "numbers=ABCDE-2345",
        "",
    ])
    func malformedLookupsAre400NamingTheValue(query: String) async throws {
        try await withTestApp { app in
            _ = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let response = try await app.send(.GET, "/api/v1/public/orders?\(query)&org=acme")
            response.expectProblem(.badRequest, field: "numbers")
            if query.contains("abcde12345") { #expect((response["detail"] as? String)?.contains("abcde12345") == true) }
        }
    }

    @Test func lookupsAreRateLimitedPerClientAddress() async throws {
        try await withTestApp(adjust: { $0.publicLookupsPerMinute = 3 }) { app in
            _ = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            for _ in 0..<3 { #expect(try await app.send(.GET, "/api/v1/public/orders?numbers=ABCDE12345&org=acme").status == .ok) }
            let limited = try await app.send(.GET, "/api/v1/public/orders?numbers=ABCDE12345&org=acme")
            limited.expectProblem(.tooManyRequests)
            #expect(limited.headers.first(name: .retryAfter) != nil)
        }
    }

    @Test func instancesOnOneDatabaseShareTheLimit() async throws {
        try await withInstances(2, adjust: { $0.publicLookupsPerMinute = 3 }) { apps in
            _ = try await apps[0].createOrganization("acme", rootToken: try await apps[0].rootToken())
            let path = "/api/v1/public/orders?numbers=ABCDE12345&org=acme"
            // Two here and one there: the fourth, wherever it lands, is over the limit of 3.
            for app in [apps[0], apps[1], apps[0]] { #expect(try await app.send(.GET, path).status == .ok) }
            let limited = try await apps[1].send(.GET, path)
            limited.expectProblem(.tooManyRequests)
            #expect(limited.headers.first(name: .retryAfter) != nil)
        }
    }
}
