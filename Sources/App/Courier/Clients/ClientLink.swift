import Fluent
import Vapor

/// A single-use link sent to a client (`client_links`): an invitation, or the confirmation of a new email address.
/// Only the SHA-256 of its secret is kept.
final class ClientLink: Model, @unchecked Sendable {
    static let schema = "client_links"

    enum Purpose: String, Sendable {
        case invitation
        case emailChange = "email_change"
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "client_id") var clientID: UUID
    @Field(key: "purpose") var purpose: String
    @Field(key: "token_hash") var tokenHash: String
    /// The address the link was sent to.
    @Field(key: "email") var email: String
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?
    /// Set when a newer link of the same purpose replaced it.
    @OptionalField(key: "voided_at") var voidedAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

extension ClientLink: TenantModel {}
