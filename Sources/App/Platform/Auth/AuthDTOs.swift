import Vapor

struct TokenRequest: Content {
    var email: String?
    var password: String?
}

struct TokenResponse: Content {
    let token: String
    let tokenType: String
    let expiresAt: Date
    let user: User.Public

    enum CodingKeys: String, CodingKey {
        case token, user
        case tokenType = "token_type"
        case expiresAt = "expires_at"
    }
}
