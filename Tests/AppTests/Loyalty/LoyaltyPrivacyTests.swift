@testable import App
import Foundation
import SQLKit
import Testing
import Vapor

/// Loyalty in the personal-data export, erasure and imports.
@Suite struct LoyaltyPrivacyTests {
    @Test func theDataExportListsTheLedgerRewardsAndGiftCards() async throws {
        try await withTestApp { app in
            let world = try await LoyaltyWorld.make(app)
            let token = world.org.adminToken
            let customer = try await world.customer()
            try await world.adjust(customer, 80, reason: "goodwill")
            let reward = try #require(try await app.send(.POST, "/api/v1/rewards", token: token, json: ["name": "Cake", "points_cost": 30])["id"] as? String)
            #expect(try await world.redeem(customer, ["reward_id": reward]).status == .created)
            _ = try await app.send(.POST, "/api/v1/gift-cards", token: token, json: ["initial_balance": "10.00", "customer_id": customer])
            let export = try await app.send(.GET, "/api/v1/customers/\(customer)/data-export", token: token)
            #expect(export.status == .ok, "\(export.text)")
            let loyalty = try #require(export["loyalty"] as? [String: Any])
            #expect(loyalty["points"] as? Int == 50)
            #expect((loyalty["entries"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["adjust", "redeem"])
            #expect((loyalty["rewards"] as? [[String: Any]])?.first?["name"] as? String == "Cake")
            let cards = try #require(export["gift_cards"] as? [[String: Any]])
            #expect(cards.count == 1)
            #expect(cards.first?["code"] is NSNull)
        }
    }

    @Test func erasureDropsThePersonAndKeepsTheSums() async throws {
        try await withTestApp { app in
            let world = try await LoyaltyWorld.make(app)
            let token = world.org.adminToken
            let customer = try await world.customer(["name": "Erin Erased", "email": "erin@example.com"])
            try await world.adjust(customer, 70, reason: "Erin's complaint about Erin Erased")
            _ = try await world.order(["customer_id": customer, "amount": "30.00", "payment_status": "paid"])
            let card = try #require(try await app.send(.POST, "/api/v1/gift-cards", token: token,
                                                       json: ["initial_balance": "10.00", "customer_id": customer, "note": "for Erin"])["id"] as? String)
            let erased = try await app.send(.POST, "/api/v1/customers/\(customer)/erase", token: token, json: ["reason": "request"])
            #expect(erased.status == .ok || erased.status == .created || erased.status == .noContent, "\(erased.text)")
            let rows = try await world.sql.raw("SELECT customer_id, reason, points, remaining FROM loyalty_entries").all()
            #expect(rows.count == 2)
            #expect(try rows.map { try $0.decode(column: "points", as: Int.self) }.reduce(0, +) == 100)
            for row in rows {
                #expect(try row.decode(column: "customer_id", as: UUID?.self) == nil)
                #expect(try row.decode(column: "reason", as: String?.self)?.contains("Erin") != true)
                #expect(try row.decode(column: "remaining", as: Int.self) == 0)
            }
            let kept = try await app.send(.GET, "/api/v1/gift-cards/\(card)", token: token)
            #expect(kept["balance"] as? String == "10.00")
            #expect(kept["customer_id"] is NSNull)
            #expect(kept["note"] is NSNull)
            // The expiry job has nothing to do for an erased person.
            #expect(try await world.runJobs(at: Date().addingTimeInterval(400 * 86_400), only: .expiry).expiry.points == 0)
        }
    }

    @Test func anImportGivesTheSignupBonusAndReadsAnOpeningBalance() async throws {
        try await withTestApp { app in
            let world = try await LoyaltyWorld.make(app, program: ["signup_bonus": 10])
            let token = world.org.adminToken
            let csv = "name,email,loyalty_points\nIvy Import,ivy@example.com,120\nJon Import,jon@example.com,\nBad Points,bad@example.com,-4\n"
            let job = try await app.importCSV(token, csv)
            #expect((job["rejected"] as? Int ?? (job["report"] as? [String: Any])?["rejected"] as? Int) != 0 || job.text.contains("loyalty_points"),
                    "\(job.text)")
            let customers = try await app.allCustomers(token)
            let ivy = try #require(customers.first { $0["name"] as? String == "Ivy Import" }?["id"] as? String)
            let jon = try #require(customers.first { $0["name"] as? String == "Jon Import" }?["id"] as? String)
            #expect(!customers.contains { $0["name"] as? String == "Bad Points" })
            #expect(try await world.balance(ivy) == 130)
            #expect(try await world.balance(jon) == 10)
            let entries = try await world.entries(ivy)
            #expect(entries.map { "\($0["kind"]!) \($0["reason"]!)" } == ["adjust import", "bonus signup"])
            // Importing the same people again matches them: no second bonus, no second opening balance.
            _ = try await app.importCSV(token, csv)
            #expect(try await world.balance(ivy) == 130)
            try await world.checkLedgerInvariant()
        }
    }
}
