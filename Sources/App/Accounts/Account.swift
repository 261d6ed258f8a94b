import Fluent
import Vapor

/// A person's customer account: a login of its own realm (never a staff user), linked to that person's customer
/// records in several organizations. Its profile's inherited fields flow to every linked record.
final class Account: Model, @unchecked Sendable {
    static let schema = "accounts"

    @ID(key: .id) var id: UUID?
    @Field(key: "email") var email: String
    @OptionalField(key: "pending_email") var pendingEmail: String?
    @OptionalField(key: "email_verified_at") var emailVerifiedAt: Date?
    @Field(key: "password_hash") var passwordHash: String
    @OptionalField(key: "name") var name: String?
    @OptionalField(key: "first_name") var firstName: String?
    @OptionalField(key: "last_name") var lastName: String?
    @OptionalField(key: "phone") var phone: String?
    @OptionalField(key: "birthday") var birthday: String?
    @OptionalField(key: "timezone") var timezone: String?
    @OptionalField(key: "preferred_language") var preferredLanguage: String?
    /// JSON array of the organizations the person checked out at before verifying its address: joined on verification.
    @Field(key: "pending_joins") var pendingJoinsJSON: String
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var isVerified: Bool { emailVerifiedAt != nil }

    /// The profile's value of an inherited field (`AccountProfile.fields`), as a customer record stores it.
    func value(of field: String) -> String? {
        switch field {
        case "name": name
        case "first_name": firstName
        case "last_name": lastName
        case "phone": phone
        case "birthday": birthday
        case "timezone": timezone
        case "preferred_language": preferredLanguage
        default: nil
        }
    }
}
