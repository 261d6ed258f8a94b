@testable import App
import Foundation
import SQLKit
import Testing
import Vapor

/// Sign-up and birthday bonuses, and expiry, given once whatever runs them how often (SPEC "Loyalty").
@Suite struct LoyaltyBonusTests {
    @Test func everyRouteThatCreatesACustomerGivesTheSignupBonusOnce() async throws {
        try await withTestApp { app in
            let world = try await LoyaltyWorld.make(app, program: ["signup_bonus": 25])
            let token = world.org.adminToken
            let created = try await app.send(.POST, "/api/v1/customers", token: token, json: ["name": "Ann", "email": "ann@example.com"])
            #expect(created["loyalty_points"] as? Int == 25, "\(created.text)")
            let matched = try await app.send(.POST, "/api/v1/customers/upsert", token: token, json: ["name": "Ann", "email": "ann@example.com"])
            #expect(matched.status == .ok)
            let upserted = try await app.send(.POST, "/api/v1/customers/upsert", token: token, json: ["name": "Bob", "email": "bob@example.com"])
            #expect(upserted.status == .created)
            let intake = try await world.order(["customer": ["name": "Cy", "phone": "+14155550100"], "amount": "5.00", "payment_status": "paid"])
            #expect(intake.status == .created, "\(intake.text)")
            for id in [created["id"], upserted["id"]].compactMap({ $0 as? String }) {
                let entries = try await world.entries(id)
                #expect(entries.count == 1)
                #expect(entries.first?["kind"] as? String == "bonus")
                #expect(entries.first?["reason"] as? String == "signup")
            }
            let cy = try #require(intake["customer_id"] as? String)
            #expect(try await world.balance(cy) == 30, "25 for joining, 5 for the order")
            try await world.checkLedgerInvariant()
        }
    }

    @Test func birthdaysAreGivenOnceOnTheDayInTheOrganizationsZoneAndCaughtUp() async throws {
        try await withTestApp { app in
            let world = try await LoyaltyWorld.make(app, program: ["birthday_bonus": 50], settings: ["timezone": "Pacific/Auckland"])
            let today = try await world.customer(["name": "Dec Four", "birthday": "1990-12-04"])
            let tomorrow = try await world.customer(["name": "Dec Five", "birthday": "1985-12-05"])
            let sql = world.sql
            // Backdate the customers so that they existed on the days the job catches up.
            try await sql.raw("UPDATE customers SET created_at = \(bind: Date.at("2026-11-01T00:00:00Z"))").run()
            // 2026-12-03T12:00Z is 4 December, 01:00 in Auckland: Dec Four's birthday there, still the 3rd in UTC.
            try await world.runJobs(at: .at("2026-12-03T12:00:00Z"))
            #expect(try await world.balance(today) == 50)
            #expect(try await world.balance(tomorrow) == 0)
            // The same day again, and a second runner: nothing more.
            try await world.runJobs(at: .at("2026-12-03T13:00:00Z"))
            try await world.runJobs(at: .at("2026-12-03T13:00:00Z"), owner: "other")
            #expect(try await world.balance(today) == 50)
            // The process was down on the 5th; on the 6th the job catches up.
            try await world.runJobs(at: .at("2026-12-05T12:00:00Z"))
            #expect(try await world.balance(tomorrow) == 50)
            let bonus = try #require(try await world.entries(tomorrow).first)
            #expect(bonus["reason"] as? String == "birthday")
            #expect((bonus["actor"] as? [String: Any])?["type"] as? String == "system")
            try await world.checkLedgerInvariant()
        }
    }

    @Test func aLeapDayBirthdayIsCelebratedOnTheTwentyEighthInOtherYears() async throws {
        try await withTestApp { app in
            let world = try await LoyaltyWorld.make(app, program: ["birthday_bonus": 20])
            let leap = try await world.customer(["name": "Leap", "birthday": "2000-02-29"])
            try await world.sql.raw("UPDATE customers SET created_at = \(bind: Date.at("2025-01-01T00:00:00Z"))").run()
            try await world.runJobs(at: .at("2027-02-27T12:00:00Z"))
            #expect(try await world.balance(leap) == 0)
            try await world.runJobs(at: .at("2027-02-28T12:00:00Z"))
            #expect(try await world.balance(leap) == 20)
            try await world.runJobs(at: .at("2027-03-01T12:00:00Z"))
            #expect(try await world.balance(leap) == 20)
            // In a leap year, on the 29th itself.
            try await world.runJobs(at: .at("2028-02-28T12:00:00Z"))
            #expect(try await world.balance(leap) == 20)
            try await world.runJobs(at: .at("2028-02-29T12:00:00Z"))
            #expect(try await world.balance(leap) == 40)
        }
    }

    @Test func twoJobRunnersAtOnceGiveEachBonusOnce() async throws {
        try await withTestApp { app in
            let world = try await LoyaltyWorld.make(app, program: ["birthday_bonus": 10])
            var ids: [String] = []
            for n in 0..<30 { ids.append(try await world.customer(["name": "Twin \(n)", "birthday": "1999-06-15"])) }
            try await world.sql.raw("UPDATE customers SET created_at = \(bind: Date.at("2026-01-01T00:00:00Z"))").run()
            let organization = try #require(try await Organization.load(UUID(uuidString: world.org.id)!, on: app.db))
            // Two instances past the lease (each job directly), at the same moment.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        _ = try await BirthdayBonusJob(database: app.db).run(for: organization, now: .at("2026-06-15T12:00:00Z"))
                    }
                }
                try await group.waitForAll()
            }
            let balances = try await ids.asyncMap { try await world.balance($0) }
            #expect(balances == Array(repeating: 10, count: ids.count))
            try await world.checkLedgerInvariant()
        }
    }

    @Test func expiryWritesOffWhatIsLeftOfOldPointsSpendingOldestFirst() async throws {
        try await withTestApp { app in
            let world = try await LoyaltyWorld.make(app, program: ["expiry_days": 30])
            let customer = try await world.customer()
            let sql = world.sql
            _ = try await world.order(["customer_id": customer, "amount": "40.00", "payment_status": "paid"])
            // The first 40 points were earned 40 days ago; 25 more today.
            try await sql.raw("""
                UPDATE loyalty_entries SET created_at = \(bind: Date().addingTimeInterval(-40 * 86_400)),
                expires_at = \(bind: Date().addingTimeInterval(-10 * 86_400))
                """).run()
            _ = try await world.order(["customer_id": customer, "amount": "25.00", "payment_status": "paid"])
            // Spending 30 takes them from the oldest: 10 of the old 40 are left to expire.
            #expect(try await world.redeem(customer, ["points": 30]).status == .created)
            let report = try await world.runJobs(at: Date(), only: .expiry)
            #expect(report.expiry.points == 10)
            #expect(try await world.balance(customer) == 25)
            let expired = try #require(try await world.entries(customer).first)
            #expect(expired["kind"] as? String == "expire")
            #expect(expired["points"] as? Int == -10)
            #expect(expired["balance_after"] as? Int == 25)
            // A second run finds nothing.
            #expect(try await world.runJobs(at: Date(), only: .expiry).expiry.points == 0)
            #expect(try await world.balance(customer) == 25)
            try await world.checkLedgerInvariant()
        }
    }

    @Test func aThousandRandomOperationsKeepEveryBalanceEqualToItsLedger() async throws {
        try await withTestApp { app in
            let world = try await LoyaltyWorld.make(app, program: ["expiry_days": 1, "signup_bonus": 5])
            var customers: [String] = []
            for _ in 0..<12 { customers.append(try await world.customer()) }
            let reward = try #require(try await app.send(.POST, "/api/v1/rewards", token: world.org.adminToken,
                                                         json: ["name": "Mug", "points_cost": 15])["id"] as? String)
            let all = customers
            let operations = ProcessInfo.processInfo.environment["CLIENTELE_LOYALTY_RANDOM_OPS"].flatMap(Int.init) ?? 10_000
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        var random = SystemRandomNumberGenerator()
                        var orders: [String] = []
                        for step in 0..<(operations / 8) {
                            let customer = all[Int(random.next(upperBound: UInt32(all.count)))]
                            switch random.next(upperBound: UInt32(7)) {
                            case 0: _ = try await world.adjust(customer, Int(random.next(upperBound: UInt32(60))) - 20)
                            case 1: _ = try await world.redeem(customer, ["points": Int(random.next(upperBound: UInt32(30))) + 1])
                            case 2: _ = try await world.redeem(customer, ["reward_id": reward])
                            case 3:
                                let placed = try await world.order(["customer_id": customer, "amount": "\(random.next(upperBound: UInt32(90)) + 1).50",
                                                                     "payment_status": random.next(upperBound: UInt32(2)) == 0 ? "paid" : "pending"])
                                if let id = placed["id"] as? String { orders.append(id) }
                            case 4, 5:
                                guard let order = orders.randomElement(using: &random) else { continue }
                                let status = ["paid", "refunded", "failed", "pending"].randomElement(using: &random)!
                                _ = try await world.patchOrder(order, random.next(upperBound: UInt32(5)) == 0 ? ["status": "cancelled"] : ["payment_status": status])
                            default:
                                if worker == 0 && step % 50 == 0 {
                                    _ = try await world.runJobs(at: Date().addingTimeInterval(Double(step) * 3_600), owner: "w\(worker)", only: .expiry)
                                } else {
                                    _ = try await world.adjust(customer, Int(random.next(upperBound: UInt32(10))) + 1)
                                }
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            try await world.checkLedgerInvariant()
            for customer in customers {
                let entries = try await world.entries(customer)
                if let newest = entries.first { #expect(newest["balance_after"] as? Int == (try await world.balance(customer))) }
            }
        }
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out.append(try await transform(element)) }
        return out
    }
}
