import Fluent
import Foundation

/// A signed-in dashboard browser. `organizationID` is the organization the session acts in: the user's own,
/// or for a super admin the one it switched into (nil until then).
final class DashboardSession: Model, @unchecked Sendable {
    static let schema = "dashboard_sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @OptionalField(key: "organization_id") var organizationID: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "csrf_token") var csrfToken: String
    /// A digest of the user's password hash when the session started: a new password ends the session.
    @Field(key: "password_stamp") var passwordStamp: String
    @Field(key: "expires_at") var expiresAt: Date
    @Field(key: "created_at") var createdAt: Date
    /// When the session last answered a request (to the minute): unused for `sessionIdleTimeout`, it ends.
    @OptionalField(key: "last_seen_at") var lastSeenAt: Date?

    init() {}

    init(userID: UUID, organizationID: UUID?, tokenHash: String, csrfToken: String, passwordStamp: String, expiresAt: Date) {
        self.id = UUID()
        self.userID = userID
        self.organizationID = organizationID
        self.tokenHash = tokenHash
        self.csrfToken = csrfToken
        self.passwordStamp = passwordStamp
        self.expiresAt = expiresAt
        self.createdAt = Date()
    }
}
