@testable import App
import Testing
import Vapor

@Suite struct DeliveryAccessTests {
    @Test func aGuestUserSeesOnlyTheOrdersAndTasksOfItsCustomers() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let guest = try await app.createUser(in: org, role: "guest")
            let mine = try await app.createCustomer(org.adminToken, ["name": "Mine", "managed_by": guest.id])
            let theirs = try await app.createCustomer(org.adminToken, ["name": "Theirs"])
            let myOrder = try await app.placeOrder(org.adminToken, ["customer_id": mine["id"]!, "amount": "1.00"])
            let theirOrder = try await app.placeOrder(org.adminToken, ["customer_id": theirs["id"]!, "amount": "2.00"])
            let myTask = try await app.send(.POST, "/api/v1/tasks", token: org.adminToken,
                                            json: ["type": "delivery", "customer_id": mine["id"]!, "dropoff": ["line1": "x"]])
            let theirTask = try await app.send(.POST, "/api/v1/tasks", token: org.adminToken,
                                               json: ["type": "delivery", "customer_id": theirs["id"]!, "dropoff": ["line1": "y"]])
            #expect(try await app.send(.GET, "/api/v1/orders", token: guest.token).data.map { $0["id"] as? String } == [myOrder["id"] as? String])
            #expect(try await app.send(.GET, "/api/v1/tasks", token: guest.token).data.map { $0["id"] as? String } == [myTask["id"] as? String])
            try await app.send(.GET, "/api/v1/orders/\(theirOrder["id"]!)", token: guest.token).expectProblem(.notFound)
            try await app.send(.GET, "/api/v1/tasks/\(theirTask["id"]!)", token: guest.token).expectProblem(.notFound)
            try await app.send(.GET, "/api/v1/customers/\(theirs["id"]!)/orders", token: guest.token).expectProblem(.notFound)
            #expect(try await app.send(.GET, "/api/v1/customers/\(mine["id"]!)/orders", token: guest.token)["total"] as? Int == 1)
            let placed = try await app.send(.POST, "/api/v1/orders", token: guest.token, json: ["customer_id": mine["id"]!, "amount": "3.00"])
            #expect(placed.status == .created)
            try await app.send(.POST, "/api/v1/orders", token: guest.token, json: ["customer_id": theirs["id"]!, "amount": "3.00"])
                .expectProblem(.unprocessableEntity, field: "customer_id")
            try await app.send(.GET, "/api/v1/customers/stats", token: guest.token).expectProblem(.forbidden)
        }
    }

    @Test func everyNewRouteAnswers404ForAnotherOrganizationsRecords() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            let a = try await app.createOrganization("alpha", rootToken: root)
            let b = try await app.createOrganization("bravo", rootToken: root)
            let customer = try await app.createCustomer(b.adminToken, ["name": "Bee"])
            let order = try await app.placeOrder(b.adminToken, ["customer_id": customer["id"]!, "amount": "1.00"])
            let task = try await app.send(.POST, "/api/v1/tasks", token: b.adminToken,
                                          json: ["type": "delivery", "customer_id": customer["id"]!, "dropoff": ["line1": "x"]])
            let cid = customer["id"]!, oid = order["id"]!, tid = task["id"]!
            for (method, path) in [(HTTPMethod.GET, "/api/v1/orders/\(oid)"), (.PATCH, "/api/v1/orders/\(oid)"),
                                   (.GET, "/api/v1/tasks/\(tid)"), (.PATCH, "/api/v1/tasks/\(tid)"),
                                   (.POST, "/api/v1/tasks/\(tid)/transitions"), (.GET, "/api/v1/tasks/\(tid)/transitions"),
                                   (.GET, "/api/v1/customers/\(cid)/orders"), (.GET, "/api/v1/customers/\(cid)/tasks")] {
                let body: Any? = method == .GET ? nil : (path.hasSuffix("transitions") ? ["to": "cancelled"] : ["notes": "x"])
                try await app.send(method, path, token: a.adminToken, json: body).expectProblem(.notFound)
            }
            try await app.send(.POST, "/api/v1/orders", token: a.adminToken, json: ["customer_id": cid, "amount": "1"])
                .expectProblem(.unprocessableEntity, field: "customer_id")
            try await app.send(.POST, "/api/v1/tasks", token: a.adminToken, json: ["type": "delivery", "order_id": oid, "dropoff": ["line1": "x"]])
                .expectProblem(.unprocessableEntity, field: "order_id")
            #expect(try await app.send(.GET, "/api/v1/orders", token: a.adminToken)["total"] as? Int == 0)
            #expect(try await app.send(.GET, "/api/v1/tasks", token: a.adminToken)["total"] as? Int == 0)
            #expect(try await app.send(.GET, "/api/v1/customers/stats", token: a.adminToken)["total_customers"] as? Int == 0)
        }
    }

    @Test func statisticsComeFromTheOrganizationsOwnRecords() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken(), settings: ["timezone": "Europe/Berlin"])
            let ann = try await app.createCustomer(org.adminToken, ["name": "Ann"])
            let bob = try await app.createCustomer(org.adminToken, ["name": "Bob"])
            try await app.createCustomer(org.adminToken, ["name": "Cid"])
            try await app.placeOrder(org.adminToken, ["customer_id": ann["id"]!, "amount": "10.00"])
            try await app.placeOrder(org.adminToken, ["customer_id": ann["id"]!, "amount": "20.00"])
            try await app.placeOrder(org.adminToken, ["customer_id": bob["id"]!, "amount": "30.00"])
            let cancelled = try await app.placeOrder(org.adminToken, ["customer_id": bob["id"]!, "amount": "1000.00"])
            try await app.send(.PATCH, "/api/v1/orders/\(cancelled["id"]!)", token: org.adminToken, json: ["status": "cancelled"])
            let stats = try await app.send(.GET, "/api/v1/customers/stats", token: org.adminToken)
            #expect(stats.status == .ok, "\(stats.text)")
            #expect(stats["total_customers"] as? Int == 3)
            #expect(stats["active_last_30_days"] as? Int == 2)
            #expect(stats["new_this_month"] as? Int == 3)
            #expect(stats["average_order_value"] as? String == "20.00")
            #expect(stats["repeat_customer_rate"] as? Double == 0.5)
            #expect(stats["loyalty_members"] as? Int == 0)
        }
    }
}
