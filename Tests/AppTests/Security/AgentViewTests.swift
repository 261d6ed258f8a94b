@testable import App
import Testing
import Vapor

/// Issue 16, item 2: an agent's view of a customer is name, phone, address and notes — on every route.
@Suite struct AgentViewTests {
    private func world(_ app: Application) async throws -> (org: OrgFixture, agent: UserFixture, customer: [String: Any]) {
        let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
        let agent = try await app.createUser(in: org, role: "agent")
        let customer = try await app.createCustomer(org.adminToken, [
            "name": "Zelda Quokka", "email": "zelda.secret@hidden.example", "phone": "+14155550123",
            "tags": ["vip-tag"], "notes": "Ring twice",
        ])
        _ = try await app.placeOrder(org.adminToken, ["customer_id": customer["id"]!, "amount": "42.00"])
        let task = try await app.send(.POST, "/api/v1/tasks", token: org.adminToken, json: [
            "type": "delivery", "customer_id": customer["id"]!, "dropoff": ["line1": "1 Main St"], "agent_id": agent.id,
        ])
        #expect(task.status == .created, "\(task.text)")
        return (org, agent, customer)
    }

    @Test func anAgentGetsNoOrderHistory() async throws {
        try await withTestApp { app in
            let (org, agent, customer) = try await world(app)
            try await app.send(.GET, "/api/v1/customers/\(customer["id"]!)/orders", token: agent.token).expectProblem(.forbidden)
            try await app.send(.GET, "/api/v1/orders", token: agent.token).expectProblem(.forbidden)
            #expect(try await app.send(.GET, "/api/v1/customers/\(customer["id"]!)/orders", token: org.adminToken)["total"] as? Int == 1)
        }
    }

    @Test func anAgentsSearchDoesNotMatchHiddenEmails() async throws {
        try await withTestApp { app in
            let (org, agent, _) = try await world(app)
            for q in ["zelda.secret", "hidden.example", "secret@"] {
                #expect(try await app.send(.GET, "/api/v1/customers?q=\(q)", token: agent.token).data.isEmpty, "q=\(q)")
                #expect(try await app.send(.GET, "/api/v1/customers?q=\(q)", token: org.adminToken).data.count == 1, "q=\(q)")
            }
            #expect(try await app.send(.GET, "/api/v1/customers?q=quokka", token: agent.token).data.count == 1)
            #expect(try await app.send(.GET, "/api/v1/customers?q=5550123", token: agent.token).data.count == 1)
            // Nor can the presence of an email be probed with a filter.
            #expect(try await app.send(.GET, "/api/v1/customers?has_email=false", token: agent.token).data.count == 1)
        }
    }

    @Test func theDashboardShowsAnAgentNoEmailTagsOrOrders() async throws {
        try await withTestApp { app in
            let (_, agent, customer) = try await world(app)
            let browser = WebBrowser(app)
            try await browser.signIn(agent.email, testPassword)
            let list = try await browser.get("/customers")
            #expect(list.body.contains("Zelda Quokka") && list.body.contains("+14155550123"))
            for hidden in ["zelda.secret@hidden.example", "vip-tag", ">Orders<", "Last order"] {
                #expect(!list.body.contains(hidden), "the list shows \(hidden)")
            }
            let page = try await browser.get("/customers/\(customer["id"]!)")
            #expect(page.status == .ok && page.body.contains("Ring twice"))
            for hidden in ["zelda.secret@hidden.example", "vip-tag", "42.00"] {
                #expect(!page.body.contains(hidden), "the customer page shows \(hidden)")
            }
        }
    }
}
