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
