@testable import App
import Testing
import Vapor

@Suite struct TaskTests {
    static let path: [String] = ["awaiting_assignment", "assigned", "accepted", "in_transit", "completed"]
    static let all = ["new", "awaiting_assignment", "assigned", "accepted", "in_transit", "completed", "cancelled"]
    static let allowed: [String: Set<String>] = [
        "new": ["awaiting_assignment", "cancelled"], "awaiting_assignment": ["assigned", "cancelled"],
        "assigned": ["accepted", "awaiting_assignment", "cancelled"], "accepted": ["in_transit", "cancelled"],
        "in_transit": ["completed", "cancelled"], "completed": [], "cancelled": [],
    ]

    /// A task brought to `status` through allowed moves.
    func task(at status: String, _ app: Application, _ org: OrgFixture, agent: UserFixture) async throws -> String {
        let created = try await app.send(.POST, "/api/v1/tasks", token: org.adminToken,
                                         json: ["type": "delivery", "dropoff": ["line1": "1 Main St", "city": "Springfield"]])
        let id = try #require(created["id"] as? String, "\(created.text)")
        let route: [String]
        switch status {
        case "new": route = []
        case "cancelled": route = ["cancelled"]
        default: route = Array(Self.path.prefix(while: { $0 != status })) + [status]
        }
        for step in route {
            var body: [String: Any] = ["to": step]
            if step == "assigned" { body["agent_id"] = agent.id }
            let moved = try await app.send(.POST, "/api/v1/tasks/\(id)/transitions", token: org.adminToken, json: body)
            #expect(moved.status == .ok, "\(step): \(moved.text)")
        }
        return id
    }

    @Test func everyAllowedMoveWorksAndEveryOtherIs409NamingBothStatuses() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let agent = try await app.createUser(in: org, role: "agent")
            for from in Self.all {
                for to in Self.all {
                    let id = try await task(at: from, app, org, agent: agent)
                    var body: [String: Any] = ["to": to, "reason": "test"]
                    if to == "assigned" { body["agent_id"] = agent.id }
                    let response = try await app.send(.POST, "/api/v1/tasks/\(id)/transitions", token: org.adminToken, json: body)
                    if Self.allowed[from]!.contains(to) {
                        #expect(response.status == .ok, "\(from) → \(to): \(response.text)")
                        #expect(response["status"] as? String == to)
                    } else {
                        response.expectProblem(.conflict, field: "to")
                        let detail = response["detail"] as? String ?? ""
                        #expect(detail.contains(from) && detail.contains(to), "\(detail)")
                    }
                }
            }
        }
    }

    @Test func movesAreRecordedAndAssignmentNeedsAnAgent() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let agent = try await app.createUser(in: org, role: "agent")
            let dispatcher = try await app.createUser(in: org, role: "dispatcher")
            let id = try await task(at: "awaiting_assignment", app, org, agent: agent)
            try await app.send(.POST, "/api/v1/tasks/\(id)/transitions", token: org.adminToken, json: ["to": "assigned"])
                .expectProblem(.unprocessableEntity, field: "agent_id")
            try await app.send(.POST, "/api/v1/tasks/\(id)/transitions", token: org.adminToken, json: ["to": "assigned", "agent_id": dispatcher.id])
                .expectProblem(.unprocessableEntity, field: "agent_id")
            let assigned = try await app.send(.POST, "/api/v1/tasks/\(id)/transitions", token: org.adminToken,
                                              json: ["to": "assigned", "agent_id": agent.id])
            #expect((assigned["agent"] as? [String: Any])?["name"] as? String == "agent")
            let rejected = try await app.send(.POST, "/api/v1/tasks/\(id)/transitions", token: agent.token,
                                              json: ["to": "awaiting_assignment", "reason": "van broke down"])
            #expect(rejected["status"] as? String == "awaiting_assignment" && rejected["agent"] is NSNull)
            let moves = try await app.send(.GET, "/api/v1/tasks/\(id)/transitions", token: org.adminToken)
            #expect(moves.data.map { "\($0["from"]!)→\($0["to"]!)" } ==
                    ["new→awaiting_assignment", "awaiting_assignment→assigned", "assigned→awaiting_assignment"])
            #expect(moves.data.last?["reason"] as? String == "van broke down")
            #expect(moves.data.last?["actor_name"] as? String == "agent")
            #expect(moves.data.first?["created_at"] is String)
            try await app.send(.POST, "/api/v1/tasks/\(id)/transitions", token: org.adminToken, json: ["to": "flying"])
                .expectProblem(.unprocessableEntity, field: "to")
        }
    }

    @Test func agentsSeeAndMoveOnlyTheirOwnTasksAndLittleOfTheCustomer() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let agent = try await app.createUser(in: org, role: "agent", name: "amy")
            let other = try await app.createUser(in: org, role: "agent", name: "otto")
            let customer = try await app.createCustomer(org.adminToken, ["name": "Cara", "email": "cara@example.com",
                                                                         "phone": "+14155550123", "notes": "Gate code 12"])
            let mine = try await app.send(.POST, "/api/v1/tasks", token: org.adminToken, json: [
                "type": "delivery", "customer_id": customer["id"]!, "agent_id": agent.id, "dropoff": ["line1": "5 Elm St"]])
            let theirs = try await app.send(.POST, "/api/v1/tasks", token: org.adminToken, json: [
                "type": "pickup", "agent_id": other.id, "pickup": ["line1": "9 Oak St"]])
            let list = try await app.send(.GET, "/api/v1/tasks", token: agent.token)
            #expect(list.data.map { $0["id"] as? String } == [mine["id"] as? String])
            try await app.send(.GET, "/api/v1/tasks/\(theirs["id"]!)", token: agent.token).expectProblem(.notFound)
            try await app.send(.POST, "/api/v1/tasks", token: agent.token, json: ["type": "pickup", "pickup": ["line1": "x"]])
                .expectProblem(.forbidden)
            let seen = try await app.send(.GET, "/api/v1/customers/\(customer["id"]!)", token: agent.token)
            #expect(seen.status == .ok)
            #expect(Set(seen.json.keys) == ["id", "name", "phone", "default_address", "notes"])
            try await app.send(.GET, "/api/v1/customers", token: agent.token).data.forEach { #expect($0["email"] == nil) }
            try await app.send(.GET, "/api/v1/orders", token: agent.token).expectProblem(.forbidden)
            try await app.send(.GET, "/api/v1/customers/\(customer["id"]!)/timeline", token: agent.token).expectProblem(.forbidden)
            // The agent cannot dispatch its own task; the dispatcher can.
            try await app.send(.POST, "/api/v1/tasks/\(mine["id"]!)/transitions", token: agent.token, json: ["to": "awaiting_assignment"])
                .expectProblem(.forbidden)
        }
    }

    @Test func locationsAreCopiedFromSavedAddressesAndKeptWhenTheBookChanges() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let customer = try await app.createCustomer(org.adminToken, ["name": "Cara"])
            let other = try await app.createCustomer(org.adminToken, ["name": "Olga"])
            let address = try await app.send(.POST, "/api/v1/customers/\(customer["id"]!)/addresses", token: org.adminToken,
                                             json: ["label": "Home", "line1": "5 Elm St", "city": "Springfield"])
            let addressID = try #require(address["id"] as? String)
            let task = try await app.send(.POST, "/api/v1/tasks", token: org.adminToken, json: [
                "type": "delivery", "customer_id": customer["id"]!, "dropoff": ["address_id": addressID],
                "dropoff_window": ["start": "2026-12-01T10:00:00Z", "end": "2026-12-01T12:00:00Z"]])
            #expect(task.status == .created, "\(task.text)")
            #expect((task["dropoff"] as? [String: Any])?["line1"] as? String == "5 Elm St")
            #expect((task["dropoff_window"] as? [String: Any])?["end"] as? String == "2026-12-01T12:00:00Z")
            try await app.send(.PATCH, "/api/v1/customers/\(customer["id"]!)/addresses/\(addressID)", token: org.adminToken,
                               json: ["line1": "7 Pine St"])
            let again = try await app.send(.GET, "/api/v1/tasks/\(task["id"]!)", token: org.adminToken)
            #expect((again["dropoff"] as? [String: Any])?["line1"] as? String == "5 Elm St")
            try await app.send(.POST, "/api/v1/tasks", token: org.adminToken, json: [
                "type": "delivery", "customer_id": other["id"]!, "dropoff": ["address_id": addressID]])
                .expectProblem(.unprocessableEntity, field: "dropoff.address_id")
            try await app.send(.POST, "/api/v1/tasks", token: org.adminToken, json: [
                "type": "cash_collection", "dropoff": ["line1": "x"]]).expectProblem(.unprocessableEntity, field: "amount")
            try await app.send(.POST, "/api/v1/tasks", token: org.adminToken, json: [
                "type": "delivery", "dropoff": ["line1": "x"], "dropoff_window": ["start": "2026-12-01T12:00:00Z", "end": "2026-12-01T10:00:00Z"]])
                .expectProblem(.unprocessableEntity, field: "dropoff_window.end")
            try await app.send(.POST, "/api/v1/tasks", token: org.adminToken, json: ["type": "teleport", "dropoff": ["line1": "x"]])
                .expectProblem(.unprocessableEntity, field: "type")
        }
    }

    @Test func theDeliveryHistoryListsTheCustomersTasksNewestFirst() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let agent = try await app.createUser(in: org, role: "agent")
            let customer = try await app.createCustomer(org.adminToken, ["name": "Cara"])
            let order = try await app.placeOrder(org.adminToken, ["customer_id": customer["id"]!, "amount": "30.00"])
            var ids: [String] = []
            for index in 0..<5 {
                let task = try await app.send(.POST, "/api/v1/tasks", token: org.adminToken, json: [
                    "type": index == 0 ? "cash_collection" : "delivery", "order_id": order["id"]!, "amount": "30.00",
                    "payment_method": "cash", "agent_id": agent.id, "dropoff": ["line1": "\(index) Elm St"]])
                ids.append(try #require(task["id"] as? String, "\(task.text)"))
            }
            try await app.send(.POST, "/api/v1/tasks/\(ids[0])/transitions", token: org.adminToken, json: ["to": "cancelled"])
            let page = try await app.send(.GET, "/api/v1/customers/\(customer["id"]!)/tasks?per_page=3", token: org.adminToken)
            #expect(page["total"] as? Int == 5)
            #expect(page.data.compactMap { $0["id"] as? String } == Array(ids.reversed().prefix(3)))
            let row = try #require(page.data.first)
            for key in ["id", "type", "status", "pickup", "dropoff", "agent", "payment_method", "amount", "created_at", "completed_at"] {
                #expect(row.keys.contains(key), "missing \(key)")
            }
            let cursor = try #require(page["next_cursor"] as? String)
            let rest = try await app.send(.GET, "/api/v1/customers/\(customer["id"]!)/tasks?per_page=3&cursor=\(cursor)", token: org.adminToken)
            #expect(rest.data.compactMap { $0["id"] as? String } == [ids[1], ids[0]])
            let cancelled = try await app.send(.GET, "/api/v1/customers/\(customer["id"]!)/tasks?status=cancelled", token: org.adminToken)
            #expect(cancelled.data.compactMap { $0["id"] as? String } == [ids[0]])
        }
    }
}
