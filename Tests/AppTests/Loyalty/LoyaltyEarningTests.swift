@testable import App
import Foundation
import SQLKit
import Testing
import Vapor

/// Points from orders: earned once when paid, taken back by a refund, cancellation or failed payment, never for a guest.
@Suite struct LoyaltyEarningTests {
    @Test func aPaidOrderEarnsOnceAndARefundTakesItBack() async throws {
        try await withTestApp { app in
            let world = try await LoyaltyWorld.make(app, program: ["points_per_unit": "1.5"])
            let customer = try await world.customer()
            let placed = try await world.order(["customer_id": customer, "amount": "19.99", "payment_status": "paid"])
            #expect(placed.status == .created, "\(placed.text)")
            #expect(placed["loyalty_points"] as? Int == 29, "floor(19.99 × 1.5)")
            let order = try #require(placed["id"] as? String)
            #expect(try await world.balance(customer) == 29)
            // Saving it paid again, or changing something else, earns nothing more.
            #expect(try await world.patchOrder(order, ["payment_status": "paid", "receipt_number": "R-1"]).status == .ok)
            #expect(try await world.balance(customer) == 29)
            let refunded = try await world.patchOrder(order, ["payment_status": "refunded"])
            #expect(refunded["loyalty_points"] as? Int == 0, "\(refunded.text)")
            #expect(try await world.balance(customer) == 0)
            let kinds = try await world.entries(customer).map { "\($0["kind"]!) \($0["points"]!)" }
            #expect(kinds == ["reversal -29", "earn 29"])
            try await world.checkLedgerInvariant()
        }
    }

    @Test func anOrderPaidLaterEarnsThenAndAnIdempotentReplayEarnsNothingMore() async throws {
        try await withTestApp { app in
            let world = try await LoyaltyWorld.make(app)
            let customer = try await world.customer()
            let body: [String: Any] = ["customer_id": customer, "amount": "50.00", "payment_status": "pending"]
            let placed = try await world.order(body, key: "order-1")
            let order = try #require(placed["id"] as? String)
            #expect(try await world.balance(customer) == 0)
            #expect(try await world.order(body, key: "order-1")["id"] as? String == order)
            #expect(try await world.patchOrder(order, ["payment_status": "paid"]).status == .ok)
            #expect(try await world.balance(customer) == 50)
            let paid: [String: Any] = ["customer_id": customer, "amount": "10.00", "payment_status": "paid"]
            let first = try await world.order(paid, key: "order-2")
            let again = try await world.order(paid, key: "order-2")
            #expect(first["id"] as? String == again["id"] as? String)
            #expect(try await world.balance(customer) == 60)
        }
    }

    @Test func aReversalNeverGoesBelowZeroAndTakesTheOrdersOwnPointsFirst() async throws {
        try await withTestApp { app in
            let world = try await LoyaltyWorld.make(app)
            let customer = try await world.customer()
            let order = try #require(try await world.order(["customer_id": customer, "amount": "50.00", "payment_status": "paid"])["id"] as? String)
            #expect(try await world.redeem(customer, ["points": 40]).status == .created)
            let cancelled = try await world.patchOrder(order, ["status": "cancelled"])
            #expect(cancelled.status == .ok, "\(cancelled.text)")
            #expect(try await world.balance(customer) == 0)
            let reversal = try #require(try await world.entries(customer).first)
            #expect(reversal["kind"] as? String == "reversal")
            #expect(reversal["points"] as? Int == -10)
            #expect((reversal["reason"] as? String)?.contains("cancelled") == true)
            try await world.checkLedgerInvariant()
        }
    }

    @Test func guestOrdersOtherCurrenciesAndAnOffProgrammeEarnNothing() async throws {
        try await withTestApp { app in
            let world = try await LoyaltyWorld.make(app)
            let guest = try await world.order(["guest": ["name": "Walk In", "email": "walkin@example.com"], "amount": "80.00",
                                               "payment_status": "paid"])
            #expect(guest.status == .created, "\(guest.text)")
            // The guest becomes a customer: the order is linked, its totals count, its points do not.
            let customer = try await world.customer(["name": "Walk In", "email": "walkin@example.com"])
            let record = try await app.send(.GET, "/api/v1/customers/\(customer)", token: world.org.adminToken)
            #expect(record["total_orders"] as? Int == 1, "\(record.text)")
            #expect(try await world.balance(customer) == 0)
            #expect(try await world.patchOrder(try #require(guest["id"] as? String), ["payment_status": "paid", "notes": "x"]).status != .internalServerError)
            #expect(try await world.balance(customer) == 0)
            _ = try await world.order(["customer_id": customer, "amount": "30.00", "currency": "EUR", "payment_status": "paid"])
            #expect(try await world.balance(customer) == 0)
            let off = try await app.send(.PATCH, "/api/v1/organizations/\(world.org.id)", token: world.org.adminToken,
                                         json: ["settings": ["loyalty": ["enabled": false]]])
            #expect(off.status == .ok)
            _ = try await world.order(["customer_id": customer, "amount": "30.00", "payment_status": "paid"])
            #expect(try await world.balance(customer) == 0)
        }
    }

    @Test func anEarnRacingARefundEndsConsistent() async throws {
        try await withTestApp { app in
            let world = try await LoyaltyWorld.make(app)
            let customer = try await world.customer()
            for _ in 0..<8 {
                let order = try #require(try await world.order(["customer_id": customer, "amount": "25.00"])["id"] as? String)
                async let paid = world.patchOrder(order, ["payment_status": "paid"])
                async let refunded = world.patchOrder(order, ["payment_status": "refunded"])
                #expect(try await paid.status == .ok)
                #expect(try await refunded.status == .ok)
                let stored = try await app.send(.GET, "/api/v1/orders/\(order)", token: world.org.adminToken)
                let held = try #require(stored["loyalty_points"] as? Int)
                // Whichever write came last decides: a paid order holds its points, a refunded one holds none.
                #expect(held == (stored["payment_status"] as? String == "paid" ? 25 : 0), "\(stored.text)")
            }
            try await world.checkLedgerInvariant()
            let held = try await (app.db as! any SQLDatabase).raw("SELECT CAST(SUM(loyalty_points) AS BIGINT) AS n FROM orders").first()
            #expect(try await world.balance(customer) == (try held?.decode(column: "n", as: Int?.self) ?? 0))
        }
    }
}
