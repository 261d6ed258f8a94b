@testable import App
import Fluent
import Testing
import Vapor

@Suite struct OrderTests {
    @Test func anOrderKeepsItsContactCopyAndMovesTheCustomersTotalsAndTimeline() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let customer = try await app.createCustomer(org.adminToken, ["name": "Ann", "email": "ann@example.com", "phone": "+14155552671"])
            let response = try await app.send(.POST, "/api/v1/orders", token: org.adminToken, json: [
                "customer_id": customer["id"]!, "amount": "24.50", "platform": "pos", "receipt_number": "R-77",
                "payment_method": "card", "payment_status": "paid",
                "items": [["name": "Pizza", "quantity": 2, "unit_price": "12.25"]]])
            #expect(response.status == .created, "\(response.text)")
            let order = response.json
            let number = try #require(order["number"] as? String)
            #expect(OrderRules.isNumber(number))
            #expect(order["amount"] as? String == "24.50" && order["currency"] as? String == "USD")
            #expect(order["status"] as? String == "placed" && order["is_guest"] as? Bool == false)
            #expect((order["contact"] as? [String: Any])?["email"] as? String == "ann@example.com")
            #expect(response.headers.first(name: .location) == "/api/v1/orders/\(order["id"]!)")

            let after = try await app.customer(org.adminToken, customer["id"])
            #expect(after["total_orders"] as? Int == 1 && after["total_spent"] as? String == "24.50" && after["visits"] as? Int == 1)
            #expect(after["first_order_at"] is String && after["last_order_at"] is String)

            try await app.send(.PATCH, "/api/v1/customers/\(customer["id"]!)", token: org.adminToken, json: ["email": "new@example.com"])
            let kept = try await app.send(.GET, "/api/v1/orders/\(order["id"]!)", token: org.adminToken)
            #expect((kept["contact"] as? [String: Any])?["email"] as? String == "ann@example.com")

            let timeline = try await app.send(.GET, "/api/v1/customers/\(customer["id"]!)/timeline", token: org.adminToken)
            let placed = try #require(timeline.data.first { $0["type"] as? String == "order_placed" })
            let details = try #require(placed["details"] as? [String: Any])
            #expect(details["number"] as? String == number && details["platform"] as? String == "pos" && details["receipt_number"] as? String == "R-77")
        }
    }

    @Test func numbersAmountsAndTheCustomerAreValidated() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let customer = try await app.createCustomer(org.adminToken, ["name": "Ann"])
            let id = customer["id"]!
            for (field, body) in [
                ("number", ["customer_id": id, "amount": "1.00", "number": "abc123defg"]),
                ("number", ["customer_id": id, "amount": "1.00", "number": "ABC123DEF"]),
                ("amount", ["customer_id": id, "amount": 12.5]),
                ("amount", ["customer_id": id, "amount": "12.345"]),
                ("amount", ["customer_id": id]),
                ("currency", ["customer_id": id, "amount": "1", "currency": "XYZ"]),
                ("status", ["customer_id": id, "amount": "1", "status": "lost"]),
                ("payment_status", ["customer_id": id, "amount": "1", "payment_status": "maybe"]),
                ("items[0].quantity", ["customer_id": id, "amount": "1", "items": [["name": "x", "quantity": 0, "unit_price": "1"]]]),
                ("customer_id", ["amount": "1"]),
                ("customer_id", ["amount": "1", "customer_id": UUID().uuidString]),
                ("guest.email", ["amount": "1", "guest": ["name": "G", "email": "nope"]]),
            ] as [(String, [String: Any])] {
                try await app.send(.POST, "/api/v1/orders", token: org.adminToken, json: body).expectProblem(.unprocessableEntity, field: field)
            }
            try await app.placeOrder(org.adminToken, ["customer_id": id, "amount": "1", "number": "ABCDE12345"])
            try await app.send(.POST, "/api/v1/orders", token: org.adminToken, json: ["customer_id": id, "amount": "1", "number": "ABCDE12345"])
                .expectProblem(.conflict, field: "number")
            try await app.send(.PATCH, "/api/v1/customers/\(id)", token: org.adminToken, json: ["status": "blocked"])
            let blocked = try await app.send(.POST, "/api/v1/orders", token: org.adminToken, json: ["customer_id": id, "amount": "5"])
            blocked.expectProblem(.unprocessableEntity, field: "customer_id")
            #expect((blocked["detail"] as? String)?.contains("blocked") == true)
            #expect(try await app.send(.GET, "/api/v1/orders", token: org.adminToken)["total"] as? Int == 1)
        }
    }

    @Test func totalsFollowCancelsRefundsAndRelinksAndEqualARecount() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let ann = try await app.createCustomer(org.adminToken, ["name": "Ann"])
            let bob = try await app.createCustomer(org.adminToken, ["name": "Bob"])
            let first = try await app.placeOrder(org.adminToken, ["customer_id": ann["id"]!, "amount": "10.00"])
            let second = try await app.placeOrder(org.adminToken, ["customer_id": ann["id"]!, "amount": "5.50"])
            let third = try await app.placeOrder(org.adminToken, ["customer_id": ann["id"]!, "amount": "2.25"])
            #expect(try await app.customer(org.adminToken, ann["id"])["total_spent"] as? String == "17.75")

            try await app.send(.PATCH, "/api/v1/orders/\(first["id"]!)", token: org.adminToken, json: ["status": "cancelled"])
            try await app.send(.PATCH, "/api/v1/orders/\(second["id"]!)", token: org.adminToken, json: ["payment_status": "refunded"])
            var annNow = try await app.customer(org.adminToken, ann["id"])
            #expect(annNow["total_orders"] as? Int == 1 && annNow["total_spent"] as? String == "2.25")
            try await app.send(.PATCH, "/api/v1/orders/\(first["id"]!)", token: org.adminToken, json: ["status": "placed"])
                .expectProblem(.conflict, field: "status")

            let relinked = try await app.send(.PATCH, "/api/v1/orders/\(third["id"]!)", token: org.adminToken, json: ["customer_id": bob["id"]!])
            #expect(relinked["customer_id"] as? String == bob["id"] as? String)
            annNow = try await app.customer(org.adminToken, ann["id"])
            let bobNow = try await app.customer(org.adminToken, bob["id"])
            #expect(annNow["total_orders"] as? Int == 0 && annNow["total_spent"] as? String == "0.00" && annNow["last_order_at"] is NSNull)
            #expect(bobNow["total_orders"] as? Int == 1 && bobNow["total_spent"] as? String == "2.25")
            try await expectTotalsMatchRecount(app, org)
        }
    }

    @Test func concurrentOrdersLeaveExactTotals() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let ann = try await app.createCustomer(org.adminToken, ["name": "Ann"])
            let annID = try #require(ann["id"] as? String)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                // Twelve writers on one customer row: on PostgreSQL each holds a pooled connection while it waits for
                // the row lock, so more than the pool can hold would test the pool's timeout, not the totals.
                for index in 0..<12 {
                    group.addTask {
                        try await app.send(.POST, "/api/v1/orders", token: org.adminToken,
                                           json: ["customer_id": annID, "amount": "\(index + 1).25"]).status
                    }
                }
                return try await group.reduce(into: [HTTPResponseStatus]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .created })
            let now = try await app.customer(org.adminToken, ann["id"])
            #expect(now["total_orders"] as? Int == 12)
            #expect(now["total_spent"] as? String == "81.00")
            try await expectTotalsMatchRecount(app, org)
        }
    }

    @Test func guestOrdersAreLinkedWhenTheirCustomerIsCreatedByAnyRoute() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let guest = try await app.placeOrder(org.adminToken, ["guest": ["name": "Gus", "email": "Gus@Example.com"], "amount": "8.00"])
            #expect(guest["is_guest"] as? Bool == true && guest["customer_id"] is NSNull)
            try await app.placeOrder(org.adminToken, ["guest": ["name": "Gus", "phone": "(415) 555-0101"], "amount": "2.00"])
            try await app.placeOrder(org.adminToken, ["guest": ["name": "Other", "email": "other@example.com"], "amount": "99.00"])
            let gus = try await app.createCustomer(org.adminToken, ["name": "Gus", "email": "gus@example.com", "phone": "+14155550101"])
            #expect(gus["total_orders"] as? Int == 2 && gus["total_spent"] as? String == "10.00")
            let history = try await app.send(.GET, "/api/v1/customers/\(gus["id"]!)/orders", token: org.adminToken)
            #expect(history["total"] as? Int == 2)

            try await app.placeOrder(org.adminToken, ["guest": ["email": "upsert@example.com"], "amount": "3.00"])
            let upserted = try await app.send(.POST, "/api/v1/customers/upsert", token: org.adminToken,
                                              json: ["name": "Uma", "email": "upsert@example.com"])
            #expect(upserted.status == .created && upserted["total_orders"] as? Int == 1)

            try await app.placeOrder(org.adminToken, ["guest": ["email": "intake@example.com"], "amount": "4.00"])
            let viaOrder = try await app.placeOrder(org.adminToken, ["customer": ["name": "Ida", "email": "intake@example.com"], "amount": "6.00"])
            let ida = try await app.customer(org.adminToken, viaOrder["customer_id"])
            #expect(ida["total_orders"] as? Int == 2 && ida["total_spent"] as? String == "10.00")
            try await expectTotalsMatchRecount(app, org)
        }
    }

    @Test func intakeByPhoneReusesTheCustomer() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let ann = try await app.createCustomer(org.adminToken, ["name": "Ann", "phone": "+14155552671"])
            let order = try await app.placeOrder(org.adminToken, ["customer": ["name": "A.", "phone": "(415) 555-2671"], "amount": "1.00"])
            #expect(order["customer_id"] as? String == ann["id"] as? String)
            #expect(try await app.send(.GET, "/api/v1/customers", token: org.adminToken)["total"] as? Int == 1)
        }
    }

    /// The customers' stored totals equal a recount of their orders.
    func expectTotalsMatchRecount(_ app: Application, _ org: OrgFixture, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let tenant = Tenant(organizationID: UUID(uuidString: org.id)!)
        let customers = try await tenant.query(Customer.self, on: app.db).all()
        let orders = try await tenant.query(Order.self, on: app.db).all()
        for customer in customers {
            let mine = orders.filter { $0.customerID == customer.id && $0.counts }
            #expect(customer.totalOrders == mine.count, sourceLocation: sourceLocation)
            #expect(customer.totalSpentMinor == mine.reduce(0) { $0 + $1.amountMinor }, sourceLocation: sourceLocation)
        }
    }
}
