@testable import App
import Foundation
import Testing
import Vapor

/// The points ledger through the API (SPEC "Loyalty, gift cards, rewards").
@Suite struct LoyaltyLedgerTests {
    @Test func settingsAreValidatedFieldByField() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let read = try await app.send(.GET, "/api/v1/organizations/\(org.id)", token: org.adminToken)
            let loyalty = try #require((read["settings"] as? [String: Any])?["loyalty"] as? [String: Any], "\(read.text)")
            #expect(loyalty["enabled"] as? Bool == false)
            #expect(loyalty["points_per_unit"] as? String == "1")
            #expect(loyalty["point_value"] as? String == "0.01")
            #expect(loyalty["expiry_days"] is NSNull)
            let bad = try await app.send(.PATCH, "/api/v1/organizations/\(org.id)", token: org.adminToken, json: ["settings": ["loyalty": [
                "signup_bonus": -1, "points_per_unit": "abc", "expiry_days": 0, "point_value": "0", "birthday_bonus": 1.5, "colour": "red",
            ]]])
            #expect(bad.status == .unprocessableEntity)
            let fields = Set((bad["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
            #expect(fields == ["settings.loyalty.signup_bonus", "settings.loyalty.points_per_unit", "settings.loyalty.expiry_days",
                               "settings.loyalty.point_value", "settings.loyalty.birthday_bonus", "settings.loyalty.colour"], "\(bad.text)")
            let good = try await app.send(.PATCH, "/api/v1/organizations/\(org.id)", token: org.adminToken, json: ["settings": ["loyalty": [
                "enabled": true, "points_per_unit": "2.5", "signup_bonus": 10, "expiry_days": 365,
            ]]])
            let saved = try #require((good["settings"] as? [String: Any])?["loyalty"] as? [String: Any], "\(good.text)")
            #expect(saved["points_per_unit"] as? String == "2.5")
            #expect(saved["expiry_days"] as? Int == 365)
            #expect(saved["signup_bonus"] as? Int == 10)
        }
    }

    @Test func adjustmentsAndRedemptionsKeepTheBalanceAndRefuseWhatWouldGoBelowZero() async throws {
        try await withTestApp { app in
            let world = try await LoyaltyWorld.make(app)
            let customer = try await world.customer()
            let missing = try await world.adjust(customer, 10, reason: "")
            #expect(missing.status == .unprocessableEntity)
            #expect((missing["errors"] as? [[String: Any]])?.first?["field"] as? String == "reason")
            #expect(try await world.adjust(customer, 0).status == .unprocessableEntity)
            #expect(try await world.adjust(customer, 2_000_000_000).status == .unprocessableEntity)
            let added = try await world.adjust(customer, 100, reason: "welcome back")
            #expect(added.status == .created, "\(added.text)")
            #expect(added["kind"] as? String == "adjust")
            #expect(added["balance_after"] as? Int == 100)
            #expect((added["actor"] as? [String: Any])?["type"] as? String == "user")
            let tooMuch = try await world.adjust(customer, -101)
            #expect(tooMuch.status == .conflict)
            #expect((tooMuch["errors"] as? [[String: Any]])?.first?["field"] as? String == "points")
            #expect(try await world.redeem(customer, ["points": 101]).status == .conflict)
            #expect(try await world.redeem(customer, [:]).status == .unprocessableEntity)
            #expect(try await world.redeem(customer, ["points": 5, "reward_id": UUID().uuidString]).status == .unprocessableEntity)
            let spent = try await world.redeem(customer, ["points": 30])
            #expect(spent.status == .created, "\(spent.text)")
            #expect(spent["points"] as? Int == -30)
            #expect(spent["balance_after"] as? Int == 70)
            #expect(try await world.balance(customer) == 70)
            let entries = try await world.entries(customer)
            #expect(entries.map { $0["kind"] as? String } == ["redeem", "adjust"], "newest first")
            let record = try await app.send(.GET, "/api/v1/customers/\(customer)", token: world.org.adminToken)
            #expect(record["loyalty_points"] as? Int == 70)
            try await world.checkLedgerInvariant()
        }
    }

    @Test func redemptionsNeedTheProgrammeOn() async throws {
        try await withTestApp { app in
            let world = try await LoyaltyWorld.make(app, program: ["enabled": false])
            let customer = try await world.customer()
            #expect(try await world.adjust(customer, 50).status == .created)
            let off = try await world.redeem(customer, ["points": 10])
            #expect(off.status == .unprocessableEntity, "\(off.text)")
        }
    }

    @Test func twentyConcurrentRedemptionsOfTenOnAHundredLeaveExactlyZero() async throws {
        try await withTestApp { app in
            let world = try await LoyaltyWorld.make(app)
            let customer = try await world.customer()
            #expect(try await world.adjust(customer, 100).status == .created)
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<20 { group.addTask { try await world.redeem(customer, ["points": 10]).status } }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 10)
            #expect(statuses.filter { $0 == .conflict }.count == 10)
            #expect(try await world.balance(customer) == 0)
            try await world.checkLedgerInvariant()
        }
    }

    @Test func rewardsAreRedeemedByIdAndListedForTheCustomer() async throws {
        try await withTestApp { app in
            let world = try await LoyaltyWorld.make(app)
            let token = world.org.adminToken
            #expect(try await app.send(.POST, "/api/v1/rewards", token: token, json: ["name": "Coffee", "points_cost": 0]).status
                    == .unprocessableEntity)
            let coffee = try await app.send(.POST, "/api/v1/rewards", token: token, json: ["name": "Coffee", "points_cost": 40])
            #expect(coffee.status == .created, "\(coffee.text)")
            let rewardID = try #require(coffee["id"] as? String)
            let customer = try await world.customer()
            #expect(try await world.redeem(customer, ["reward_id": rewardID]).status == .conflict)
            try await world.adjust(customer, 100)
            let redeemed = try await world.redeem(customer, ["reward_id": rewardID])
            #expect(redeemed.status == .created, "\(redeemed.text)")
            #expect(redeemed["points"] as? Int == -40)
            #expect(redeemed["reward_id"] as? String == rewardID)
            let list = try await app.send(.GET, "/api/v1/customers/\(customer)/rewards", token: token)
            #expect(list.data.count == 1)
            #expect(list.data.first?["name"] as? String == "Coffee")
            #expect(list.data.first?["points"] as? Int == 40)
            let off = try await app.send(.PATCH, "/api/v1/rewards/\(rewardID)", token: token, json: ["active": false])
            #expect(off["active"] as? Bool == false)
            #expect(try await world.redeem(customer, ["reward_id": rewardID]).status == .unprocessableEntity)
            let active = try await app.send(.GET, "/api/v1/rewards?active=true", token: token)
            #expect(active.data.isEmpty)
        }
    }

    @Test func anotherOrganizationsCustomerIsNotFoundOnEveryLoyaltyRoute() async throws {
        try await withTestApp { app in
            let world = try await LoyaltyWorld.make(app)
            let other = try await LoyaltyWorld.make(app, slug: "other")
            let customer = try await world.customer()
            try await world.adjust(customer, 10)
            let token = other.org.adminToken
            for (method, path, body) in [
                (HTTPMethod.GET, "/api/v1/customers/\(customer)/loyalty", nil),
                (.GET, "/api/v1/customers/\(customer)/loyalty/entries", nil),
                (.GET, "/api/v1/customers/\(customer)/rewards", nil),
                (.POST, "/api/v1/customers/\(customer)/loyalty/adjustments", ["points": 1, "reason": "x"] as [String: Any]?),
                (.POST, "/api/v1/customers/\(customer)/loyalty/redemptions", ["points": 1]),
            ] {
                #expect(try await app.send(method, path, token: token, json: body).status == .notFound, "\(path)")
            }
            #expect(try await world.balance(customer) == 10)
        }
    }

    @Test func statisticsCountMembersAndTheSummaryShowsTheNextExpiry() async throws {
        try await withTestApp { app in
            let world = try await LoyaltyWorld.make(app, program: ["expiry_days": 30])
            let customer = try await world.customer()
            _ = try await world.customer()
            let placed = try await world.order(["customer_id": customer, "amount": "42.90", "payment_status": "paid"])
            #expect(placed.status == .created, "\(placed.text)")
            let summary = try await app.send(.GET, "/api/v1/customers/\(customer)/loyalty", token: world.org.adminToken)
            #expect(summary["balance"] as? Int == 42)
            #expect(summary["lifetime_earned"] as? Int == 42)
            let next = try #require(summary["next_expiry"] as? [String: Any], "\(summary.text)")
            #expect(next["points"] as? Int == 42)
            let stats = try await app.send(.GET, "/api/v1/customers/stats", token: world.org.adminToken)
            #expect(stats["loyalty_members"] as? Int == 1, "\(stats.text)")
        }
    }
}
