import Vapor

/// `GET /customers/{id}/loyalty`: the balance, the points earned over the customer's life (earned and bonus points,
/// less reversals), and the next points to expire with their day.
struct LoyaltySummary: Content {
    let balance: Int
    let lifetimeEarned: Int
    @NullEncoded var nextExpiry: NextExpiry?

    struct NextExpiry: Content {
        let points: Int
        let expiresAt: Date

        enum CodingKeys: String, CodingKey {
            case points
            case expiresAt = "expires_at"
        }
    }

    enum CodingKeys: String, CodingKey {
        case balance
        case lifetimeEarned = "lifetime_earned"
        case nextExpiry = "next_expiry"
    }
}
