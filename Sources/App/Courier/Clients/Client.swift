import Fluent
import Vapor

/// A courier's business client (`clients`): a bakery or a pharmacy that sends the courier deliveries.
final class Client: Model, @unchecked Sendable {
    static let schema = "clients"

    @ID(key: .id) var id: UUID?
    @OptionalField(key: "seq") var seq: Int?
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "name") var name: String
    /// Lower case; unique among the courier's clients that are not deleted.
    @Field(key: "email") var email: String
    /// A new address waiting for its confirmation link to be used.
    @OptionalField(key: "pending_email") var pendingEmail: String?
    @Field(key: "status") var status: String
    /// `ClientSettings` as JSON.
    @Field(key: "settings") var settingsJSON: String
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @OptionalField(key: "deleted_at") var deletedAt: Date?

    init() {}

    var clientStatus: ClientStatus { ClientStatus(rawValue: status) ?? .pending }
    var settings: ClientSettings { ClientSettings.decoded(settingsJSON) }
}

extension Client: TenantModel {}
