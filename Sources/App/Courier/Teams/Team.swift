import Fluent
import Vapor

/// A courier's team of agents (`teams`); tasks refer to a team by id.
final class Team: Model, @unchecked Sendable {
    static let schema = "teams"

    @ID(key: .id) var id: UUID?
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "name") var name: String
    /// The name in lower case: unique within the organization.
    @Field(key: "name_key") var nameKey: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

extension Team: TenantModel {}
