import Foundation
import Vapor

/// The account's profile: the inherited fields that flow to every linked customer record, validated as a customer's
/// are (a phone must carry its country code: an account belongs to no country).
enum AccountProfile {
    /// The inherited fields, as `CustomerColumns` marks them.
    static let fields: [String] = CustomerColumns.all.filter(\.inherited).compactMap(\.changedBy)

    struct Input: Decodable, Sendable {
        var email: FieldPatch<String> = .absent
        var name: FieldPatch<String> = .absent
        var firstName: FieldPatch<String> = .absent
        var lastName: FieldPatch<String> = .absent
        var phone: FieldPatch<String> = .absent
        var birthday: FieldPatch<String> = .absent
        var timezone: FieldPatch<String> = .absent
        var preferredLanguage: FieldPatch<String> = .absent

        enum CodingKeys: String, CodingKey {
            case email, name, phone, birthday, timezone
            case firstName = "first_name"
            case lastName = "last_name"
            case preferredLanguage = "preferred_language"
        }

        init() {}
    }

    /// The validated changes: field → new value (nil clears it). `email` is not among them (it waits for confirmation).
    struct Changes: Sendable {
        var values: [String: String?] = [:]
        var isEmpty: Bool { values.isEmpty }
    }

    static func validate(_ input: Input) throws -> Changes {
        var customer = Customer.Input()
        customer.name = input.name
        customer.firstName = input.firstName
        customer.lastName = input.lastName
        customer.phone = input.phone
        customer.birthday = input.birthday
        customer.timezone = input.timezone
        customer.preferredLanguage = input.preferredLanguage
        var extra = Validator()
        if case let .value(phone) = input.phone, !phone.trimmingCharacters(in: .whitespaces).hasPrefix("+") {
            extra.add("phone", "must start with + and the country code (an account belongs to no country), like +44 20 7946 0958")
        }
        if case .null = input.preferredLanguage { extra.add("preferred_language", "cannot be cleared once set; choose another language") }
        try extra.check()
        let checked = try CustomerInputValidator(defaultCountry: "US", timezone: "UTC", isCreate: false).validate(customer)
        var changes = Changes()
        if let name = checked.name { changes.values["name"] = .some(name) }
        if let value = checked.firstName { changes.values["first_name"] = value }
        if let value = checked.lastName { changes.values["last_name"] = value }
        if let value = checked.phone { changes.values["phone"] = value }
        if let value = checked.birthday { changes.values["birthday"] = value }
        if let value = checked.timezone { changes.values["timezone"] = value }
        if let value = checked.preferredLanguage { changes.values["preferred_language"] = .some(value) }
        return changes
    }

    /// Writes `changes` into the account; answers the fields that really changed.
    static func apply(_ changes: Changes, to account: Account) -> [String] {
        var changed: [String] = []
        for (field, value) in changes.values.sorted(by: { $0.key < $1.key }) where account.value(of: field) != value {
            switch field {
            case "name": account.name = value
            case "first_name": account.firstName = value
            case "last_name": account.lastName = value
            case "phone": account.phone = value
            case "birthday": account.birthday = value
            case "timezone": account.timezone = value
            case "preferred_language": account.preferredLanguage = value
            default: continue
            }
            changed.append(field)
        }
        return changed
    }

    /// The customer changes that carry the account's values of `fields` into a record.
    static func customerChanges(_ account: Account, fields: [String]) -> CustomerChanges {
        var changes = CustomerChanges()
        for field in fields {
            let value = account.value(of: field)
            switch field {
            case "name": if let value { changes.name = value }
            case "first_name": changes.firstName = .some(value)
            case "last_name": changes.lastName = .some(value)
            case "phone": changes.phone = .some(value)
            case "birthday": changes.birthday = .some(value)
            case "timezone": changes.timezone = .some(value)
            case "preferred_language": if let value { changes.preferredLanguage = value }
            default: break
            }
        }
        return changes
    }
}
