import Vapor

extension Account {
    /// The account as the person sees it.
    struct Public: Content {
        let id: UUID
        let email: String
        let emailVerified: Bool
        let pendingEmail: String?
        let name: String?
        let firstName: String?
        let lastName: String?
        let phone: String?
        let birthday: String?
        let preferredLanguage: String?
        let timezone: String?
        let version: Int
        let createdAt: Date
        let updatedAt: Date

        enum CodingKeys: String, CodingKey {
            case id, email, name, phone, birthday, timezone, version
            case emailVerified = "email_verified", pendingEmail = "pending_email", firstName = "first_name", lastName = "last_name"
            case preferredLanguage = "preferred_language", createdAt = "created_at", updatedAt = "updated_at"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(email, forKey: .email)
            try c.encode(emailVerified, forKey: .emailVerified)
            try c.encode(pendingEmail, forKey: .pendingEmail)
            try c.encode(name, forKey: .name)
            try c.encode(firstName, forKey: .firstName)
            try c.encode(lastName, forKey: .lastName)
            try c.encode(phone, forKey: .phone)
            try c.encode(birthday, forKey: .birthday)
            try c.encode(preferredLanguage, forKey: .preferredLanguage)
            try c.encode(timezone, forKey: .timezone)
            try c.encode(version, forKey: .version)
            try c.encode(createdAt, forKey: .createdAt)
            try c.encode(updatedAt, forKey: .updatedAt)
        }
    }

    var asPublic: Public {
        Public(id: id!, email: email, emailVerified: isVerified, pendingEmail: pendingEmail, name: name, firstName: firstName,
               lastName: lastName, phone: phone, birthday: birthday, preferredLanguage: preferredLanguage, timezone: timezone,
               version: version, createdAt: createdAt, updatedAt: updatedAt)
    }
}
