@testable import App
import Foundation
import SQLKit
import Testing
import Vapor

/// What a person does in its own account (SPEC "The customer account", "Self-service"), through the HTTP API: its orders
/// across organizations with their tasks' tracking, checkout that earns points once paid (a guest's order earns
/// nothing), reorder, the address book and loyalty of each link, in-app messages, the data export and the erasure
/// request that each organization's admins act on. Another account's anything is 404.
@Suite struct AccountSelfServiceTests {
    @Test func ordersAcrossOrganizationsCheckoutEarnsOncePaidAndReorder() async throws {
        try await withTestApp { app in
            let world = AccountWorld(app: app, smtp: nil)
            let root = try await app.rootToken()
            let alpha = try await app.createOrganization("alpha", rootToken: root, settings: ["loyalty": ["enabled": true]])
            let bravo = try await app.createOrganization("bravo", rootToken: root)
            let token = try await world.verifiedAccount("pat@example.com", name: "Pat Doe")
            #expect(try await world.join(token, "alpha").status == .created)
            let record = try await world.record(alpha, email: "pat@example.com")
            let alphaID = try #require(record["id"] as? String)

            // Staff place an order for the record, with a delivery task: the person sees it with its tracking link.
            let staffOrder = try await app.send(.POST, "/api/v1/orders", token: alpha.adminToken,
                                                json: ["customer_id": alphaID, "amount": "10.00", "payment_status": "paid"])
            #expect(staffOrder.status == .created, "\(staffOrder.text)")
            let staffOrderID = try #require(staffOrder["id"] as? String)
            let task = try await app.send(.POST, "/api/v1/tasks", token: alpha.adminToken, json: [
                "type": "delivery", "customer_id": alphaID, "order_id": staffOrderID, "dropoff": ["line1": "1 Main St"],
            ])
            #expect(task.status == .created, "\(task.text)")

            // Checkout at an organization not linked yet joins it first.
            let checkout = try await app.send(.POST, "/api/v1/account/orders", token: token, json: [
                "organization": "bravo", "items": [["name": "Espresso", "quantity": 2, "unit_price": "2.50"]],
            ])
            #expect(checkout.status == .created, "\(checkout.text)")
            #expect((checkout["organization"] as? [String: Any])?["slug"] as? String == "bravo")
            #expect(checkout["payment_status"] as? String == "pending")
            #expect(checkout["amount"] as? String == "5.00")
            #expect((try await app.send(.GET, "/api/v1/account/links", token: token)).data.count == 2)

            let orders = try await app.send(.GET, "/api/v1/account/orders", token: token)
            #expect(orders.status == .ok, "\(orders.text)")
            #expect(orders["total"] as? Int == 2)
            #expect(Set(orders.data.compactMap { ($0["organization"] as? [String: Any])?["slug"] as? String }) == ["alpha", "bravo"])
            let seen = try #require(orders.data.first { $0["id"] as? String == staffOrderID })
            let tasks = try #require(seen["tasks"] as? [[String: Any]])
            #expect(tasks.count == 1)
            #expect((tasks.first?["tracking_url"] as? String)?.contains("/track/") == true)
            // Nothing internal: no contact copy, no staff.
            #expect(seen["contact"] == nil && seen["created_by"] == nil && seen["customer_id"] == nil)
            let firstPage = try await app.send(.GET, "/api/v1/account/orders?per_page=1", token: token)
            #expect(firstPage.data.count == 1)
            let cursor = try #require(firstPage["next_cursor"] as? String)
            let secondPage = try await app.send(.GET, "/api/v1/account/orders?per_page=1&cursor=\(cursor)", token: token)
            #expect(secondPage.data.count == 1)
            #expect(secondPage.data.first?["id"] as? String != firstPage.data.first?["id"] as? String)

            // An account checkout at Alpha earns once paid; the staff order paid at creation earned already.
            let earning = try await app.send(.POST, "/api/v1/account/orders", token: token, json: ["organization": "alpha", "amount": "20.00"])
            #expect(earning.status == .created, "\(earning.text)")
            let earningID = try #require(earning["id"] as? String)
            let paid = try await app.send(.PATCH, "/api/v1/orders/\(earningID)", token: alpha.adminToken, json: ["payment_status": "paid"])
            #expect(paid.status == .ok, "\(paid.text)")
            let loyalty = try await app.send(.GET, "/api/v1/account/links/\(alpha.id)/loyalty", token: token)
            #expect(loyalty["balance"] as? Int == 30, "\(loyalty.text)")
            // A guest checkout with the same email earns nothing.
            let guest = try await app.send(.POST, "/api/v1/orders", token: alpha.adminToken,
                                           json: ["guest": ["email": "someone.else@example.com"], "amount": "50.00", "payment_status": "paid"])
            #expect(guest.status == .created, "\(guest.text)")
            #expect(guest["loyalty_points"] as? Int == 0)
            #expect(try await app.send(.GET, "/api/v1/account/links/\(alpha.id)/loyalty", token: token)["balance"] as? Int == 30)

            // The same Idempotency-Key gives the same answer once, never a second order.
            let key = [("Idempotency-Key", "checkout-\(UUID().uuidString)")]
            let once = try await app.send(.POST, "/api/v1/account/orders", token: token, json: ["organization": "bravo", "amount": "7.00"],
                                          headers: key)
            let twice = try await app.send(.POST, "/api/v1/account/orders", token: token, json: ["organization": "bravo", "amount": "7.00"],
                                           headers: key)
            #expect(once.status == .created && twice.status == .created, "\(twice.text)")
            #expect(once["id"] as? String == twice["id"] as? String)
            #expect(try await app.send(.GET, "/api/v1/account/orders", token: token)["total"] as? Int == 4)

            // Reorder: the same items, payment pending.
            let checkoutID = try #require(checkout["id"] as? String)
            let again = try await app.send(.POST, "/api/v1/account/orders/\(checkoutID)/reorder", token: token)
            #expect(again.status == .created, "\(again.text)")
            #expect(again["amount"] as? String == "5.00")
            #expect((again["items"] as? [[String: Any]])?.first?["name"] as? String == "Espresso")
            #expect(again["id"] as? String != checkoutID)

            // Another account sees none of it.
            let other = try await world.verifiedAccount("other@example.com")
            #expect(try await world.join(other, "alpha").status == .created)
            try await app.send(.GET, "/api/v1/account/orders/\(checkoutID)", token: other).expectProblem(.notFound)
            try await app.send(.POST, "/api/v1/account/orders/\(staffOrderID)/reorder", token: other).expectProblem(.notFound)
            try await app.send(.GET, "/api/v1/account/links/\(bravo.id)/addresses", token: other).expectProblem(.notFound)
            #expect(try await app.send(.GET, "/api/v1/account/orders", token: other)["total"] as? Int == 0)
            try await app.send(.POST, "/api/v1/account/orders", token: token, json: ["organization": "alpha"])
                .expectProblem(.unprocessableEntity, field: "items")
        }
    }

    @Test func addressesLoyaltyMessagesExportAndErasure() async throws {
        try await withTestApp { app in
            let world = AccountWorld(app: app, smtp: nil)
            let org = try await app.createOrganization("corner", rootToken: try await app.rootToken(), settings: ["loyalty": ["enabled": true]])
            let token = try await world.verifiedAccount("lee@example.com", name: "Lee Park")
            #expect(try await world.join(token, "corner").status == .created)
            let customerID = try #require(try await world.record(org, email: "lee@example.com")["id"] as? String)

            // The address book of the link, under the staff's rules.
            let added = try await app.send(.POST, "/api/v1/account/links/\(org.id)/addresses", token: token,
                                           json: ["label": "Home", "line1": "5 Oak Road", "city": "Springfield"])
            #expect(added.status == .created, "\(added.text)")
            #expect(added["is_default"] as? Bool == true)
            let addressID = try #require(added["id"] as? String)
            let staffView = try await app.send(.GET, "/api/v1/customers/\(customerID)/addresses", token: org.adminToken)
            #expect(staffView.data.map { $0["id"] as? String } == [addressID])
            #expect(try await app.send(.PATCH, "/api/v1/account/links/\(org.id)/addresses/\(addressID)", token: token,
                                       json: ["label": "Flat"])["label"] as? String == "Flat")
            try await app.send(.POST, "/api/v1/account/links/\(org.id)/addresses", token: token, json: ["label": "No line"])
                .expectProblem(.unprocessableEntity)

            // Loyalty: the staff grant points; the person redeems a reward and sees a ledger without staff names.
            let adjusted = try await app.send(.POST, "/api/v1/customers/\(customerID)/loyalty/adjustments", token: org.adminToken,
                                              json: ["points": 100, "reason": "welcome"])
            #expect(adjusted.status == .created, "\(adjusted.text)")
            let reward = try await app.send(.POST, "/api/v1/rewards", token: org.adminToken, json: ["name": "Free coffee", "points_cost": 40])
            let rewardID = try #require(reward["id"] as? String, "\(reward.text)")
            let rewards = try await app.send(.GET, "/api/v1/account/links/\(org.id)/rewards", token: token)
            #expect(rewards.data.map { $0["id"] as? String } == [rewardID])
            let redeemed = try await app.send(.POST, "/api/v1/account/links/\(org.id)/loyalty/redemptions", token: token,
                                              json: ["reward_id": rewardID])
            #expect(redeemed.status == .created, "\(redeemed.text)")
            #expect(redeemed["balance_after"] as? Int == 60)
            let ledger = try await app.send(.GET, "/api/v1/account/links/\(org.id)/loyalty/entries", token: token)
            #expect(ledger.data.count == 2)
            #expect(!ledger.text.contains("Admin corner"))
            #expect(ledger.data.allSatisfy { $0["actor"] == nil })

            // In-app messages of the person's tasks.
            let task = try await app.send(.POST, "/api/v1/tasks", token: org.adminToken, json: [
                "type": "delivery", "customer_id": customerID, "dropoff": ["line1": "5 Oak Road"],
            ])
            #expect(task.status == .created, "\(task.text)")
            let messages = try await app.send(.GET, "/api/v1/account/notifications", token: token)
            #expect(messages.status == .ok, "\(messages.text)")
            #expect(messages.data.contains { $0["event"] as? String == "task_created" })

            // The data export holds the account and each link's record.
            let export = try await app.send(.POST, "/api/v1/account/data-export", token: token)
            #expect(export.status == .ok, "\(export.text.prefix(300))")
            #expect((export["account"] as? [String: Any])?["email"] as? String == "lee@example.com")
            let links = try #require(export["links"] as? [[String: Any]])
            #expect(((links.first?["data"] as? [String: Any])?["customer"] as? [String: Any])?["id"] as? String == customerID)

            // Erasure: the account goes at once; the organization's admins see the request and erase the record.
            let asked = try await app.send(.POST, "/api/v1/account/erasure-request", token: token)
            #expect(asked.status == .accepted, "\(asked.text)")
            #expect(asked["organizations"] as? Int == 1)
            try await app.send(.GET, "/api/v1/account", token: token).expectProblem(.unauthorized)
            try await app.send(.POST, "/api/v1/accounts/token", json: ["email": "lee@example.com", "password": testPassword])
                .expectProblem(.unauthorized)
            let open = try await app.send(.GET, "/api/v1/erasure-requests?status=open", token: org.adminToken)
            let request = try #require(open.data.first, "\(open.text)")
            #expect(request["customer_id"] as? String == customerID)
            #expect(request["customer_name"] as? String == "Lee Park")
            let requestID = try #require(request["id"] as? String)
            let erased = try await app.send(.POST, "/api/v1/erasure-requests/\(requestID)/erase", token: org.adminToken, json: [:])
            #expect(erased.status == .ok, "\(erased.text)")
            #expect(erased["status"] as? String == "erased")
            try await app.send(.POST, "/api/v1/erasure-requests/\(requestID)/dismiss", token: org.adminToken, json: ["reason": "hold"])
                .expectProblem(.conflict)
            let gone = try await app.send(.GET, "/api/v1/customers/\(customerID)", token: org.adminToken)
            #expect(gone["name"] as? String == CustomerEraser.placeholderName || gone.status == .notFound, "\(gone.text)")
            try await app.send(.GET, "/api/v1/erasure-requests?status=late", token: org.adminToken)
                .expectProblem(.unprocessableEntity, field: "status")
        }
    }
}

/// Checkout without staff (SPEC "The customer account": "by checking out there"): a guest's order earns nothing; an
/// order with `account: true` creates the account, and verifying it joins the organization and links the order, which
/// then earns once paid; an account token's checkout is the account's.
@Suite struct PublicCheckoutTests {
    @Test func guestAccountOnCheckoutAndAccountTokenCheckouts() async throws {
        try await withTestApp { app in
            let world = AccountWorld(app: app, smtp: nil)
            let org = try await app.createOrganization("shop", rootToken: try await app.rootToken(), settings: ["loyalty": ["enabled": true]])

            let guest = try await app.send(.POST, "/api/v1/public/checkout", json: [
                "organization": "shop", "items": [["name": "Tea", "quantity": 1, "unit_price": "4.00"]],
                "contact": ["name": "Gus Guest", "email": "gus@example.com"],
            ])
            #expect(guest.status == .created, "\(guest.text)")
            #expect(guest["account"] as? String == "guest")
            let guestOrder = try #require(guest["order"] as? [String: Any])
            #expect(guestOrder["amount"] as? String == "4.00")
            try await app.send(.POST, "/api/v1/public/checkout", json: ["organization": "shop", "amount": "1.00"])
                .expectProblem(.unprocessableEntity, field: "contact")
            try await app.send(.POST, "/api/v1/public/checkout", json: [
                "organization": "shop", "amount": "1.00", "contact": ["email": "x@example.com"], "account": true, "password": "short",
            ]).expectProblem(.unprocessableEntity, field: "password")

            // Asking for an account at checkout: the order waits; verifying joins the shop and links it.
            let asked = try await app.send(.POST, "/api/v1/public/checkout", json: [
                "organization": "shop", "amount": "25.00", "contact": ["name": "Vera Buyer", "email": "vera@example.com"],
                "account": true, "password": testPassword,
            ])
            #expect(asked.status == .created, "\(asked.text)")
            #expect(asked["account"] as? String == "verification_sent")
            let orderID = try #require((asked["order"] as? [String: Any])?["id"] as? String)
            let secret = try await world.secret(to: "vera@example.com", path: "/account/verify?token=")
            #expect(try await app.send(.POST, "/api/v1/accounts/verify", json: ["token": secret]).status == .ok)
            let token = try await world.signIn("vera@example.com")
            let links = try await app.send(.GET, "/api/v1/account/links", token: token)
            #expect(links.data.map { $0["organization_id"] as? String } == [org.id])
            let mine = try await app.send(.GET, "/api/v1/account/orders", token: token)
            #expect(mine.data.map { $0["id"] as? String } == [orderID], "\(mine.text)")
            let paid = try await app.send(.PATCH, "/api/v1/orders/\(orderID)", token: org.adminToken, json: ["payment_status": "paid"])
            #expect(paid.status == .ok, "\(paid.text)")
            #expect(try await app.send(.GET, "/api/v1/account/links/\(org.id)/loyalty", token: token)["balance"] as? Int == 25)

            // The guest's order, paid, earned nothing.
            let guestID = try #require(guestOrder["id"] as? String)
            let guestPaid = try await app.send(.PATCH, "/api/v1/orders/\(guestID)", token: org.adminToken, json: ["payment_status": "paid"])
            #expect(guestPaid["loyalty_points"] as? Int == 0)

            // With the account's token, the checkout is the account's.
            let own = try await app.send(.POST, "/api/v1/public/checkout", token: token, json: ["organization": "shop", "amount": "3.00"])
            #expect(own.status == .created, "\(own.text)")
            #expect(own["account"] as? String == "linked")
            #expect(try await app.send(.GET, "/api/v1/account/orders", token: token)["total"] as? Int == 2)
        }
    }
}
