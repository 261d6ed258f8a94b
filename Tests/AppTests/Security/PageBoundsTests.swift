@testable import App
import Testing
import Vapor

/// Issue 16, item 1: a page number from the query string can no longer overflow an offset and stop the process.
@Suite struct PageBoundsTests {
    @Test func hugePageNumbersAre422NamingPageOnEveryListAndTheServerLives() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let agent = try await app.createUser(in: org, role: "agent")
            let customer = try await app.createCustomer(org.adminToken, ["name": "Ann", "phone": "+14155550101"])
            let id = customer["id"]!
            let task = try await app.send(.POST, "/api/v1/tasks", token: org.adminToken,
                                          json: ["type": "delivery", "customer_id": id, "dropoff": ["line1": "x"], "agent_id": agent.id])
            let lists = ["/api/v1/customers", "/api/v1/customers?q=ann", "/api/v1/customers?sort=name", "/api/v1/orders",
                         "/api/v1/tasks", "/api/v1/audit-log", "/api/v1/users", "/api/v1/customers/\(id)/addresses",
                         "/api/v1/customers/\(id)/orders", "/api/v1/customers/\(id)/tasks", "/api/v1/customers/\(id)/timeline",
                         "/api/v1/tasks/\(task["id"]!)/transitions"]
            for list in lists {
                let separator = list.contains("?") ? "&" : "?"
                for page in ["9223372036854775807", "99999999999999999999999", "10000001", "-9223372036854775808", "0"] {
                    try await app.send(.GET, list + separator + "page=\(page)", token: org.adminToken)
                        .expectProblem(.unprocessableEntity, field: "page")
                }
                for perPage in ["9223372036854775807", "101", "0"] {
                    try await app.send(.GET, list + separator + "per_page=\(perPage)", token: org.adminToken)
                        .expectProblem(.unprocessableEntity, field: "per_page")
                }
                let deepest = try await app.send(.GET, list + separator + "page=10000000&per_page=100", token: org.adminToken)
                #expect(deepest.status == .ok, "\(list): \(deepest.text)")
                #expect(deepest.data.isEmpty)
            }
            // The agent's own list takes the same path as the others'.
            try await app.send(.GET, "/api/v1/tasks?page=9223372036854775807", token: agent.token)
                .expectProblem(.unprocessableEntity, field: "page")
            #expect(try await app.send(.GET, "/health").status == .ok)
        }
    }

    @Test func theDashboardListSaysThePageIsOutOfRange() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            _ = try await app.createCustomer(org.adminToken, ["name": "Ann"])
            let browser = WebBrowser(app)
            try await browser.signIn(org.adminEmail, testPassword)
            let page = try await browser.get("/customers?page=9223372036854775807")
            #expect(page.status == .ok)
            #expect(page.body.contains("page: must be between 1 and 10000000"))
            #expect(try await browser.get("/orders?page=9223372036854775807").status.code < 500)
            #expect(try await browser.get("/tasks?page=9223372036854775807").status.code < 500)
        }
    }

    @Test func amountsAreBoundedSoThatTheirSumsFitIn64Bits() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            for amount in ["99999999999.99", "9223372036854775807", "1e308", "١٢.٥٠", "-1", "NaN"] {
                try await app.send(.POST, "/api/v1/orders", token: org.adminToken, json: ["guest": ["name": "G"], "amount": amount])
                    .expectProblem(.unprocessableEntity, field: "amount")
                try await app.send(.POST, "/api/v1/tasks", token: org.adminToken,
                                   json: ["type": "cash_collection", "amount": amount, "dropoff": ["line1": "x"]])
                    .expectProblem(.unprocessableEntity, field: "amount")
            }
            let customer = try await app.createCustomer(org.adminToken, ["name": "Big Spender"])
            for _ in 0..<2 {
                _ = try await app.placeOrder(org.adminToken, ["customer_id": customer["id"]!, "amount": "9999999999.99"])
            }
            let stats = try await app.send(.GET, "/api/v1/customers/stats", token: org.adminToken)
            #expect(stats["average_order_value"] as? String == "9999999999.99", "\(stats.text)")
            #expect(try await app.customer(org.adminToken, customer["id"])["total_spent"] as? String == "19999999999.98")
        }
    }

    @Test func theOffsetOfTheLargestAcceptedPageFitsEasily() {
        #expect(PageRequest.maxPage * PageRequest.maxPerPage < Int(Int32.max))
    }
}
