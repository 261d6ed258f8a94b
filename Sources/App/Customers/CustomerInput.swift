import Vapor

extension Customer {
    /// The body of create, update and upsert. Server-set and computed fields are not read at all.
    struct Input: Decodable, Sendable {
        struct Marketing: Decodable, Sendable {
            var emailOptIn: Bool?
            var smsOptIn: Bool?
            /// Where the consent was given (a form, a checkout); defaults to the request's channel.
            var source: String?

            enum CodingKeys: String, CodingKey {
                case source
                case emailOptIn = "email_opt_in"
                case smsOptIn = "sms_opt_in"
            }
        }

        var name: FieldPatch<String> = .absent
        var firstName: FieldPatch<String> = .absent
        var lastName: FieldPatch<String> = .absent
        var company: FieldPatch<String> = .absent
        var email: FieldPatch<String> = .absent
        var phone: FieldPatch<String> = .absent
        var birthday: FieldPatch<String> = .absent
        var timezone: FieldPatch<String> = .absent
        var preferredLanguage: FieldPatch<String> = .absent
        var preferredContactMethod: FieldPatch<String> = .absent
        var bestTimeToCall: FieldPatch<String> = .absent
        var notes: FieldPatch<String> = .absent
        var tags: FieldPatch<[String]> = .absent
        var customFields: FieldPatch<[String: CustomFieldValue]> = .absent
        var externalID: FieldPatch<String> = .absent
        var source: FieldPatch<String> = .absent
        var status: FieldPatch<String> = .absent
        var marketing: FieldPatch<Marketing> = .absent
        var namesValidated: FieldPatch<Bool> = .absent
        var managedBy: FieldPatch<UUID> = .absent

        enum CodingKeys: String, CodingKey {
            case name, company, email, phone, birthday, timezone, notes, tags, source, status, marketing
            case firstName = "first_name"
            case lastName = "last_name"
            case preferredLanguage = "preferred_language"
            case preferredContactMethod = "preferred_contact_method"
            case bestTimeToCall = "best_time_to_call"
            case customFields = "custom_fields"
            case externalID = "external_id"
            case namesValidated = "names_validated"
            case managedBy = "managed_by"
        }

        init() {}
    }
}
