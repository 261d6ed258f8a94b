import ClienteleStore
import Fluent
import Foundation
import SQLKit
import Vapor

/// A customer's points as staff handle them: the summary, the ledger, manual adjustments and redemptions (points or
/// a reward), each in one transaction through `LoyaltyLedger`.
struct LoyaltyService {
    let database: any Database
    let tenant: Tenant
    let organization: Organization
    let actor: Actor

    var program: LoyaltyProgram { organization.loyaltyProgram }

    func summary(of customer: Customer) async throws -> LoyaltySummary {
        let sql = try database.sql
        let id = try customer.requireID()
        let earned = try await SQLRows.first("""
            SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) AS n FROM loyalty_entries
            WHERE organization_id = \(bind: tenant.organizationID) AND customer_id = \(bind: id) AND kind IN ('earn', 'bonus', 'reversal')
            """, on: sql)
        let next = try await SQLRows.first("""
            SELECT expires_at FROM loyalty_entries
            WHERE organization_id = \(bind: tenant.organizationID) AND customer_id = \(bind: id) AND remaining > 0
            AND expires_at IS NOT NULL ORDER BY expires_at LIMIT 1
            """, on: sql)
        var nextExpiry: LoyaltySummary.NextExpiry?
        if let first = try next?.decode(column: "expires_at", as: Date.self) {
            // Everything that expires on the same day in the organization's time zone goes together.
            let zone = TimeZone(identifier: organization.timezone) ?? .gmt
            let dayEnd = CalendarDate(first, in: zone).next.start(in: zone)
            let row = try await SQLRows.first("""
                SELECT CAST(COALESCE(SUM(remaining), 0) AS BIGINT) AS n FROM loyalty_entries
                WHERE organization_id = \(bind: tenant.organizationID) AND customer_id = \(bind: id) AND remaining > 0
                AND expires_at IS NOT NULL AND expires_at < \(bind: dayEnd)
                """, on: sql)
            nextExpiry = .init(points: try row?.decode(column: "n", as: Int.self) ?? 0, expiresAt: first)
        }
        return LoyaltySummary(balance: customer.loyaltyPoints, lifetimeEarned: try earned?.decode(column: "n", as: Int.self) ?? 0,
                              nextExpiry: nextExpiry)
    }

    func entries(of customer: Customer, _ page: PageRequest) async throws -> Page<LoyaltyEntry.Public> {
        let result = try await SQLNewestFirstPage.fetch(
            from: LoyaltyEntry.table, columns: LoyaltyEntry.columns,
            where: "organization_id = \(bind: tenant.organizationID) AND customer_id = \(bind: customer.requireID())",
            page, on: try database.sql, decode: LoyaltyEntry.decode)
        return Page(result.items.map(LoyaltyEntry.Public.init), total: result.total, nextCursor: result.nextCursor, request: page)
    }

    func adjust(_ customer: Customer, _ input: LoyaltyAdjustmentInput) async throws -> LoyaltyEntry {
        var v = Validator()
        let limit = LoyaltyProgram.maxPointsPerEntry
        switch input.points {
        case nil: v.add("points", "is required")
        case 0?: v.add("points", "must not be 0")
        case let points? where points < -limit || points > limit: v.add("points", "must be between -\(limit) and \(limit)")
        default: break
        }
        let reason = v.text(input.reason, "reason", required: true, max: 200)
        try v.check()
        return try await post(.init(kind: .adjust, points: input.points!, reason: reason), to: customer)
    }

    func redeem(_ customer: Customer, _ input: LoyaltyRedemptionInput) async throws -> LoyaltyEntry {
        guard program.enabled else { throw Problem.invalid("points", "the organization's loyalty programme is off") }
        var v = Validator()
        if (input.points == nil) == (input.rewardID == nil) { v.add("points", "give either points or reward_id") }
        if let points = input.points, !(1...LoyaltyProgram.maxPointsPerEntry).contains(points) {
            v.add("points", "must be between 1 and \(LoyaltyProgram.maxPointsPerEntry)")
        }
        try v.check()
        var posting = LoyaltyLedger.Posting(kind: .redeem, points: -(input.points ?? 0), reason: "redemption")
        if let rewardID = input.rewardID {
            guard let reward = try await tenant.find(Reward.self, id: rewardID, on: database) else {
                throw Problem.invalid("reward_id", "no reward of this organization has this id")
            }
            guard reward.active else { throw Problem.invalid("reward_id", "the reward is not active") }
            posting.points = -reward.pointsCost
            posting.rewardID = rewardID
            posting.reason = reward.name
        }
        if let orderID = input.orderID {
            let order = try await tenant.find(Order.self, id: orderID, on: database)
            guard let order, order.customerID == customer.id else {
                throw Problem.invalid("order_id", "no order of this customer has this id")
            }
            posting.orderID = orderID
        }
        return try await post(posting, to: customer)
    }

    private func post(_ posting: LoyaltyLedger.Posting, to customer: Customer) async throws -> LoyaltyEntry {
        let customerID = try customer.requireID()
        let (organizationID, program, actor) = (tenant.organizationID, program, actor)
        do {
            let entry = try await WriteTransaction.run(on: database, rerunnable: true) { db in
                try await LoyaltyLedger(database: db, organizationID: organizationID, program: program, actor: actor)
                    .post(posting, to: customerID)
            }
            guard let entry else { throw Problem.conflict("Nothing to record", field: "points") }
            return entry
        } catch let refusal as LoyaltyLedger.Refusal {
            throw refusal.problem
        }
    }
}

extension LoyaltyService {
    /// The rewards the customer redeemed, newest first, with each reward's name.
    func redemptions(of customer: Customer, _ page: PageRequest) async throws -> Page<RewardRedemption> {
        let sql = try database.sql
        let result = try await SQLNewestFirstPage.fetch(
            from: LoyaltyEntry.table, columns: LoyaltyEntry.columns,
            where: "organization_id = \(bind: tenant.organizationID) AND customer_id = \(bind: customer.requireID()) AND reward_id IS NOT NULL",
            page, on: sql, decode: LoyaltyEntry.decode)
        let items = try await RewardRedemption.list(result.items, tenant: tenant, on: database)
        return Page(items, total: result.total, nextCursor: result.nextCursor, request: page)
    }
}
