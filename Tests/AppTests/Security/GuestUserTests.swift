@testable import App
import Testing
import Vapor

/// Issue 16, items 6 and 8, and the guest user's tasks: a guest user ("Managed by") manages its own customers and
/// their orders, and nothing it cannot see.
@Suite struct GuestUserTests {
    /// The rule: guest orders are linked to a customer by staff only. A guest user's create links none (anyone's
    /// contact details would collect that person's orders and show them to it); the next save of the customer by
    /// staff links them.
    @Test func aGuestUsersCreateCollectsNoStrangersGuestOrders() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let guest = try await app.createUser(in: org, role: "guest")
            let stranger = try await app.placeOrder(org.adminToken, [
                "guest": ["name": "Stranger", "email": "stranger@example.com", "phone": "+14155550188"], "amount": "77.00",
            ])
            let created = try await app.createCustomer(guest.token, ["name": "Posing", "email": "stranger@example.com"])
            #expect(created["total_orders"] as? Int == 0)
            #expect(try await app.send(.GET, "/api/v1/orders", token: guest.token).data.isEmpty)
            #expect(try await app.send(.GET, "/api/v1/customers/\(created["id"]!)/orders", token: guest.token).data.isEmpty)
            try await app.send(.GET, "/api/v1/orders/\(stranger["id"]!)", token: guest.token).expectProblem(.notFound)
            // The upsert and an order with `customer: {…}` create through the same rule.
            let upserted = try await app.send(.POST, "/api/v1/customers/upsert", token: guest.token,
                                              json: ["name": "Posing too", "phone": "+14155550188"])
            #expect(upserted.status == .created && upserted["total_orders"] as? Int == 0, "\(upserted.text)")
            #expect(try await app.send(.GET, "/api/v1/orders", token: guest.token)["total"] as? Int == 0)

            // Staff confirm by saving the customer: the orders become its own.
            let saved = try await app.send(.PATCH, "/api/v1/customers/\(created["id"]!)", token: org.adminToken,
                                           json: ["company": "Checked by staff"])
            #expect(saved.status == .ok)
            #expect(saved["total_orders"] as? Int == 1 && saved["total_spent"] as? String == "77.00", "\(saved.text)")
            let linked = try await app.send(.GET, "/api/v1/orders/\(stranger["id"]!)", token: org.adminToken)
            #expect(linked["customer_id"] as? String == created["id"] as? String)
        }
    }

    @Test func aGuestUserNeitherReadsNorWritesNotes() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let guest = try await app.createUser(in: org, role: "guest")
            let customer = try await app.createCustomer(org.adminToken, ["name": "Kept", "managed_by": guest.id,
                                                                          "notes": "Staff only: pays late"])
            let id = customer["id"]!
            for notes in ["overwritten", nil] as [String?] {
                try await app.send(.PATCH, "/api/v1/customers/\(id)", token: guest.token, json: ["notes": notes.map { $0 as Any } ?? NSNull()])
                    .expectProblem(.forbidden, field: "notes")
            }
            try await app.send(.POST, "/api/v1/customers", token: guest.token, json: ["name": "New", "notes": "x"])
                .expectProblem(.forbidden, field: "notes")
            try await app.send(.POST, "/api/v1/customers/upsert", token: guest.token, json: ["name": "Kept", "notes": "x", "email": "k@example.com"])
                .expectProblem(.forbidden, field: "notes")
            #expect(try await app.send(.PATCH, "/api/v1/customers/\(id)", token: guest.token, json: ["company": "Co"]).status == .ok)

            // The dashboard's form has no notes for a guest user; saving it keeps the staff's notes.
            let browser = WebBrowser(app)
            try await browser.signIn(guest.email, testPassword)
            let page = try await browser.get("/customers/\(id)")
            #expect(!page.body.contains("pays late"))
            let saved = try await browser.post("/customers/\(id)", ["name": "Kept", "company": "Co 2", "version": "2"])
            #expect(saved.status == .seeOther, "\(saved.body)")
            let stored = try await app.send(.GET, "/api/v1/customers/\(id)", token: org.adminToken)
            #expect(stored["company"] as? String == "Co 2")
            #expect(stored["notes"] as? String == "Staff only: pays late")
        }
    }

    @Test func aGuestUserAttachesTasksOnlyToOrdersItSees() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let guest = try await app.createUser(in: org, role: "guest")
            let mine = try await app.createCustomer(org.adminToken, ["name": "Mine", "managed_by": guest.id])
            let theirs = try await app.createCustomer(org.adminToken, ["name": "Theirs"])
            let myOrder = try await app.placeOrder(org.adminToken, ["customer_id": mine["id"]!, "amount": "1.00"])
            let theirOrder = try await app.placeOrder(org.adminToken, ["customer_id": theirs["id"]!, "amount": "2.00"])
            try await app.send(.POST, "/api/v1/tasks", token: guest.token, json: [
                "type": "delivery", "customer_id": mine["id"]!, "order_id": theirOrder["id"]!, "dropoff": ["line1": "x"],
            ]).expectProblem(.unprocessableEntity, field: "order_id")
            let ok = try await app.send(.POST, "/api/v1/tasks", token: guest.token, json: [
                "type": "delivery", "customer_id": mine["id"]!, "order_id": myOrder["id"]!, "dropoff": ["line1": "x"],
            ])
            #expect(ok.status == .created, "\(ok.text)")
        }
    }
}
