import Foundation

/// The fields a merge chooses, and how the kept record's values are resolved from the choices.
enum MergeFields {
    typealias F = MergeField

    static let all: [MergeField] = [
        F(name: "name", columns: ["name", "name_key", "search_name", "unique_name_key"], fills: false) {
            $1.name = $0.name; $1.nameKey = $0.nameKey; $1.searchName = $0.searchName
        },
        F(name: "first_name", columns: ["first_name"], fills: true) { $1.firstName = $0.firstName },
        F(name: "last_name", columns: ["last_name"], fills: true) { $1.lastName = $0.lastName },
        F(name: "company", columns: ["company"], fills: true) { $1.company = $0.company },
        F(name: "email", columns: ["email"], fills: true) { $1.email = $0.email },
        F(name: "phone", columns: ["phone"], fills: true) { $1.phone = $0.phone },
        F(name: "birthday", columns: ["birthday"], fills: true) { $1.birthday = $0.birthday },
        F(name: "timezone", columns: ["timezone"], fills: true) { $1.timezone = $0.timezone },
        F(name: "preferred_language", columns: ["preferred_language"], fills: false) { $1.preferredLanguage = $0.preferredLanguage },
        F(name: "preferred_contact_method", columns: ["preferred_contact_method"], fills: false) {
            $1.preferredContactMethod = $0.preferredContactMethod
        },
        F(name: "best_time_to_call", columns: ["best_time_to_call"], fills: true) { $1.bestTimeToCall = $0.bestTimeToCall },
        F(name: "notes", columns: ["notes"], fills: true) { $1.notes = $0.notes },
        F(name: "custom_fields", columns: ["custom_fields"], fills: true) { $1.customFieldsJSON = $0.customFieldsJSON },
        F(name: "external_id", columns: ["external_id"], fills: true) { $1.externalID = $0.externalID },
        F(name: "status", columns: ["status"], fills: false) { $1.status = $0.status },
        F(name: "names_validated", columns: ["names_validated"], fills: false) { $1.namesValidated = $0.namesValidated },
        F(name: "managed_by", columns: ["managed_by_id"], fills: true) { $1.managedByID = $0.managedByID },
        // Consent is the kept record's unless chosen: it is the person's word to this organization, with its time and source.
        F(name: "marketing.email_opt_in", columns: ["email_opt_in", "email_opt_in_at", "email_opt_in_source"], fills: false) {
            $1.emailOptIn = $0.emailOptIn; $1.emailOptInAt = $0.emailOptInAt; $1.emailOptInSource = $0.emailOptInSource
        },
        F(name: "marketing.sms_opt_in", columns: ["sms_opt_in", "sms_opt_in_at", "sms_opt_in_source"], fills: false) {
            $1.smsOptIn = $0.smsOptIn; $1.smsOptInAt = $0.smsOptInAt; $1.smsOptInSource = $0.smsOptInSource
        },
    ]

    /// `marketing` chooses both consents at once.
    static let aliases: [String: [String]] = ["marketing": ["marketing.email_opt_in", "marketing.sms_opt_in"]]

    static let names = all.map(\.name) + aliases.keys.sorted()

    /// The fields a request name stands for; nil for an unknown name.
    static func named(_ name: String) -> [MergeField]? {
        if let field = all.first(where: { $0.name == name }) { return [field] }
        return aliases[name].map { names in all.filter { names.contains($0.name) } }
    }

    /// Every column of the kept record a merge may write (and an undo puts back), besides tags and the account link.
    static let columns: [String] = all.flatMap(\.columns)

    /// The kept record's columns a merge writes: every field's, its tags, its account link and its points.
    static let writtenColumns: [String] = columns + ["tags", "account_id", "account_linked_at", "overridden_fields",
                                                     "account_conflicts", "loyalty_points", "loyalty_member"]

    /// Applies the choices to `kept` (a copy of the kept record) from `records` (the kept one first): a chosen record's
    /// value wins; otherwise the kept value, or the first non-empty one for fields that fill. Answers which record won
    /// each field whose value came from another record.
    static func resolve(_ kept: Customer, records: [Customer], choices: [String: UUID]) -> [String: UUID] {
        var chosen: [String: UUID] = [:]
        for (name, id) in choices {
            for field in named(name) ?? [] { chosen[field.name] = id }
        }
        var winners: [String: UUID] = [:]
        for field in all {
            let winner: Customer?
            if let id = chosen[field.name] {
                winner = records.first { $0.id == id }
            } else if field.fills, field.isEmpty(kept) {
                winner = records.dropFirst().first { !field.isEmpty($0) }
            } else {
                winner = nil
            }
            guard let winner, winner.id != kept.id else { continue }
            field.copy(winner, kept)
            winners[field.name] = winner.id
        }
        return winners
    }
}
