import ClienteleStore
import Fluent
import Foundation
import Vapor

/// A reward a customer redeemed: its ledger entry with the reward's name (`GET /customers/{id}/rewards`).
struct RewardRedemption: Content {
    let id: UUID
    let rewardID: UUID
    @NullEncoded var name: String?
    let points: Int
    @NullEncoded var orderID: UUID?
    let createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, points
        case rewardID = "reward_id"
        case orderID = "order_id"
        case createdAt = "created_at"
    }
}

extension RewardRedemption {
    /// The redemptions among `entries` (those naming a reward), each with its reward's name, read in one query (a
    /// reward since removed keeps the name its entry recorded).
    static func list(_ entries: [LoyaltyEntry], tenant: Tenant, on database: any Database) async throws -> [RewardRedemption] {
        let ids = Array(Set(entries.compactMap(\.rewardID)))
        var names: [UUID: String] = [:]
        if !ids.isEmpty {
            for reward in try await tenant.query(Reward.self, on: database).filter(\.$id ~~ ids).all() { names[reward.id!] = reward.name }
        }
        return entries.compactMap { entry in
            entry.rewardID.map { RewardRedemption(id: entry.id, rewardID: $0, name: names[$0] ?? entry.reason, points: -entry.points,
                                                  orderID: entry.orderID, createdAt: entry.createdAt) }
        }
    }
}
