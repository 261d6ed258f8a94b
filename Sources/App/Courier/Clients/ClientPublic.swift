import Vapor

extension Client {
    /// A client as the API shows it to the courier's staff and to the client itself.
    struct Public: Content {
        let id: UUID
        let name: String
        let email: String
        @NullEncoded var pendingEmail: String?
        let status: String
        let settings: JSONValue
        let version: Int
        let createdAt: Date?
        let updatedAt: Date?
        @NullEncoded var deletedAt: Date?

        enum CodingKeys: String, CodingKey {
            case id, name, email, status, settings, version
            case pendingEmail = "pending_email", createdAt = "created_at", updatedAt = "updated_at", deletedAt = "deleted_at"
        }
    }

    var asPublic: Public {
        Public(id: id!, name: name, email: email, pendingEmail: pendingEmail, status: status, settings: settings.json,
               version: version, createdAt: createdAt, updatedAt: updatedAt, deletedAt: deletedAt)
    }

    struct Input: Decodable, Sendable {
        var name: String?
        var email: String?
        var settings: JSONValue?
    }
}
