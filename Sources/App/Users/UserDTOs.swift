import Vapor

extension User {
    struct Create: Content {
        var email: String?
        var name: String?
        var password: String?
        var role: String?
    }

    struct Update: Content {
        var email: String?
        var name: String?
        var password: String?
        var role: String?
        var disabled: Bool?
    }

    struct Public: Content {
        let id: UUID
        @NullEncoded var organizationId: UUID?
        let email: String
        let name: String
        let role: Role
        let disabled: Bool
        @NullEncoded var lastLoginAt: Date?
        let createdAt: Date?
        let updatedAt: Date?

        enum CodingKeys: String, CodingKey {
            case id, email, name, role, disabled
            case organizationId = "organization_id"
            case lastLoginAt = "last_login_at"
            case createdAt = "created_at"
            case updatedAt = "updated_at"
        }
    }

    var asPublic: Public {
        Public(id: id!, organizationId: $organization.id, email: email, name: name, role: role, disabled: disabled,
               lastLoginAt: lastLoginAt, createdAt: createdAt, updatedAt: updatedAt)
    }
}
