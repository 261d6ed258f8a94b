import Foundation

/// The profile form of a customer, new or existing: every editable field, each error next to its field,
/// and the values as typed when the server refused them.
enum CustomerForm {
    static let fields: Set<String> = [
        "name", "first_name", "last_name", "company", "email", "phone", "birthday", "timezone", "preferred_language",
        "preferred_contact_method", "best_time_to_call", "notes", "tags", "status", "managed_by", "external_id", "marketing",
        "custom_fields",
    ]

    /// The form's values for a stored customer.
    static func values(of c: Customer) -> [String: String] {
        let tags = (try? JSONDecoder().decode([String].self, from: Data(c.tagsJSON.utf8))) ?? []
        var values: [String: String] = [
            "name": c.name, "first_name": c.firstName ?? "", "last_name": c.lastName ?? "", "company": c.company ?? "",
            "email": c.email ?? "", "phone": c.phone ?? "", "birthday": c.birthday ?? "", "timezone": c.timezone ?? "",
            "preferred_language": c.preferredLanguage, "preferred_contact_method": c.preferredContactMethod,
            "best_time_to_call": c.bestTimeToCall ?? "", "notes": c.notes ?? "", "tags": tags.joined(separator: ", "),
            "status": c.status, "managed_by": c.managedByID?.canonicalString ?? "", "external_id": c.externalID ?? "",
            "custom_fields": CustomFieldsText.format(CustomerRules.decodeCustomFields(c.customFieldsJSON)),
            "version": String(c.version),
        ]
        if c.emailOptIn { values["email_opt_in"] = "true" }
        if c.smsOptIn { values["sms_opt_in"] = "true" }
        return values
    }

    /// The API's input from the form: an emptied field clears the value on an existing customer. A caller who does not
    /// see the notes (a guest user) gets a form without them, which must not clear them.
    static func input(_ f: [String: String], isCreate: Bool, canAssignManager: Bool, writesNotes: Bool) throws -> Customer.Input {
        var input = Customer.Input()
        func text(_ key: String) -> FieldPatch<String> {
            let value = (f[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            return value.isEmpty ? (isCreate ? .absent : .null) : .value(value)
        }
        input.name = .value((f["name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
        input.firstName = text("first_name")
        input.lastName = text("last_name")
        input.company = text("company")
        input.email = text("email")
        input.phone = text("phone")
        input.birthday = text("birthday")
        input.timezone = text("timezone")
        if writesNotes { input.notes = text("notes") }
        input.externalID = text("external_id")
        input.bestTimeToCall = text("best_time_to_call")
        if let language = f["preferred_language"], !language.isEmpty { input.preferredLanguage = .value(language) }
        if let method = f["preferred_contact_method"], !method.isEmpty { input.preferredContactMethod = .value(method) }
        if let status = f["status"], !status.isEmpty { input.status = .value(status) }
        input.tags = .value((f["tags"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        if let custom = f["custom_fields"] { input.customFields = .value(try CustomFieldsText.parse(custom)) }
        input.marketing = .value(.init(emailOptIn: f["email_opt_in"] == "true", smsOptIn: f["sms_opt_in"] == "true", source: "dashboard"))
        if canAssignManager {
            if let manager = f["managed_by"], let id = UUID(uuidString: manager) { input.managedBy = .value(id) }
            else if !isCreate { input.managedBy = .null }
        }
        return input
    }

    static func form(action: String, values v: [String: String], errors: FormErrors, guests: [User], canAssignManager: Bool,
                     showsNotes: Bool, submit: String, csrf: String, before: HTML = .empty, after: HTML = .empty) -> HTML {
        .postForm(action, csrf: csrf, class: "card", [
            .h2("Profile"),
            // The version the form was filled from: a save over someone else's newer save is refused (412).
            v["version"].map { .void("input", ["type": "hidden", "name": "version", "value": $0]) } ?? .empty,
            .errorSummary(errors),
            before,
            .div(["class": "form-grid"], [
                .field("Name", name: "name", value: v["name"], errors: errors, required: true),
                .field("First name", name: "first_name", value: v["first_name"], errors: errors),
                .field("Last name", name: "last_name", value: v["last_name"], errors: errors),
                .field("Company", name: "company", value: v["company"], errors: errors),
                .field("Email", name: "email", value: v["email"], type: "email", errors: errors),
                .field("Phone", name: "phone", value: v["phone"], type: "tel", errors: errors,
                       hint: "Without a country code the organization's default country is assumed."),
                .field("Birthday", name: "birthday", value: v["birthday"], type: "date", errors: errors),
                .field("Time zone", name: "timezone", value: v["timezone"], errors: errors, hint: "e.g. America/New_York"),
                .field("Preferred language", name: "preferred_language", value: v["preferred_language"] ?? "en", errors: errors,
                       hint: "Two letters, e.g. en"),
                .select("Preferred contact method", name: "preferred_contact_method",
                        options: ContactMethod.allCases.map { ($0.rawValue, Formats.label($0.rawValue)) },
                        selected: v["preferred_contact_method"] ?? "email", errors: errors),
                .select("Best time to call", name: "best_time_to_call",
                        options: [("", "No preference")] + TimeOfDay.allCases.map { ($0.rawValue, Formats.label($0.rawValue)) },
                        selected: v["best_time_to_call"], errors: errors),
                .select("Status", name: "status", options: CustomerStatus.allCases.map { ($0.rawValue, Formats.label($0.rawValue)) },
                        selected: v["status"] ?? "active", errors: errors),
                canAssignManager ? .select("Managed by", name: "managed_by",
                                           options: [("", "Nobody (clear)")] + guests.map { ($0.id!.canonicalString, "\($0.name) (\($0.email))") },
                                           selected: v["managed_by"], errors: errors) : .empty,
                .field("External id", name: "external_id", value: v["external_id"], errors: errors),
                .field("Tags", name: "tags", value: v["tags"], errors: errors, hint: "Separate tags with commas."),
                showsNotes ? .textArea("Internal notes", name: "notes", value: v["notes"], errors: errors) : .empty,
                .textArea("Custom fields", name: "custom_fields", value: v["custom_fields"], errors: errors,
                          hint: "One per line as key: value, e.g. floor: 3 or vip: true. Keys: a–z, 0–9 and _."),
                .element("fieldset", ["class": "field wide"], [
                    .element("legend", [:], [.text("Marketing consent")]),
                    .checkbox("Email marketing", name: "email_opt_in", checked: v["email_opt_in"] == "true"),
                    .checkbox("SMS marketing", name: "sms_opt_in", checked: v["sms_opt_in"] == "true"),
                ]),
            ]),
            after,
            .div(["class": "actions"], [.button(submit)]),
        ])
    }
}
