import Vapor

/// `POST /customers/{id}/loyalty/adjustments`: `{"points": ≠0, "reason"}`.
struct LoyaltyAdjustmentInput: Content {
    var points: Int?
    var reason: String?
}

/// `POST /customers/{id}/loyalty/redemptions`: `{"points"} | {"reward_id"}`, with an optional `order_id`.
struct LoyaltyRedemptionInput: Content {
    var points: Int?
    var rewardID: UUID?
    var orderID: UUID?

    enum CodingKeys: String, CodingKey {
        case points
        case rewardID = "reward_id"
        case orderID = "order_id"
    }
}
