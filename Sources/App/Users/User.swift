import Fluent
import Vapor

/// A person who signs in: staff of one organization, or a super admin of the installation (no organization).
final class User: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @OptionalParent(key: "organization_id") var organization: Organization?
    @Field(key: "email") var email: String
    @Field(key: "name") var name: String
    @Field(key: "role") var role: Role
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "disabled") var disabled: Bool
    @OptionalField(key: "last_login_at") var lastLoginAt: Date?
    /// A client user's client (role `client`): a courier's business client it acts for.
    @OptionalField(key: "client_id") var clientID: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(organizationID: UUID?, email: String, name: String, role: Role, passwordHash: String) {
        self.$organization.id = organizationID
        self.email = email
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.disabled = false
    }

    var isSuperAdmin: Bool { role == .superAdmin }
}

/// Users are scoped like tenant data; sign-in and super-admin views go through `Unscoped`.
extension User: TenantModel {}
