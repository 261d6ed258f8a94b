import Fluent
import Vapor

/// A customer account's bearer token (`cla_…`); only its SHA-256 is stored.
final class AccountToken: Model, @unchecked Sendable {
    static let schema = "account_tokens"

    @ID(key: .id) var id: UUID?
    @Field(key: "account_id") var accountID: UUID
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "expires_at") var expiresAt: Date
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A single-use link sent to an account's address: email verification, password reset, or a new address's
/// confirmation. Only the SHA-256 of its secret is kept.
final class AccountLinkToken: Model, @unchecked Sendable {
    static let schema = "account_link_tokens"

    enum Purpose: String, Sendable {
        case verifyEmail = "verify_email"
        case passwordReset = "password_reset"
        case emailChange = "email_change"

        var lifetime: TimeInterval {
            switch self {
            case .verifyEmail, .emailChange: 3 * 86_400
            case .passwordReset: 3_600
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "account_id") var accountID: UUID
    @Field(key: "purpose") var purpose: String
    @Field(key: "token_hash") var tokenHash: String
    /// The address the link was sent to.
    @Field(key: "email") var email: String
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?
    @OptionalField(key: "voided_at") var voidedAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
