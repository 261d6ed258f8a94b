import Fluent
import Foundation

/// A customer account signed in to the portal in a browser (`/account`). Accounts are not users: their sessions are
/// their own, in `account_sessions`, with the dashboard sessions' rules (hashed cookie, CSRF token, idle timeout, a new
/// password ends them).
final class AccountSession: Model, @unchecked Sendable {
    static let schema = "account_sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "account_id") var accountID: UUID
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "csrf_token") var csrfToken: String
    /// A digest of the account's password hash when the session started: a new password ends the session.
    @Field(key: "password_stamp") var passwordStamp: String
    @Field(key: "expires_at") var expiresAt: Date
    /// When the session last answered a request (to the minute): unused for `sessionIdleTimeout`, it ends.
    @OptionalField(key: "last_seen_at") var lastSeenAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(accountID: UUID, tokenHash: String, csrfToken: String, passwordStamp: String, expiresAt: Date, now: Date = Date()) {
        self.id = UUID.timeOrdered()
        self.accountID = accountID
        self.tokenHash = tokenHash
        self.csrfToken = csrfToken
        self.passwordStamp = passwordStamp
        self.expiresAt = expiresAt
        self.createdAt = now
    }
}
