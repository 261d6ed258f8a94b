import Foundation

/// Checks and normalizes a customer body into `CustomerChanges`, collecting every field's error.
struct CustomerInputValidator {
    let defaultCountry: String
    let timezone: String
    let isCreate: Bool

    func validate(_ input: Customer.Input) throws -> CustomerChanges {
        var v = Validator()
        var changes = CustomerChanges()
        changes.firstName = optionalText(input.firstName, "first_name", max: CustomerRules.maxPersonName, &v)
        changes.lastName = optionalText(input.lastName, "last_name", max: CustomerRules.maxPersonName, &v)
        changes.company = optionalText(input.company, "company", max: CustomerRules.maxName, &v)
        changes.notes = optionalText(input.notes, "notes", max: CustomerRules.maxNotes, &v)
        changes.externalID = optionalText(input.externalID, "external_id", max: CustomerRules.maxExternalID, &v)
        changes.name = name(input, changes, &v)
        changes.email = patch(input.email) { v.email($0, "email") }
        changes.phone = patch(input.phone) { raw in
            switch PhoneNumber.normalize(raw, defaultRegion: defaultCountry) {
            case let .success(e164): return e164
            case let .failure(error): v.add("phone", error.message); return nil
            }
        }
        changes.birthday = patch(input.birthday) { birthday($0, &v) }
        changes.timezone = patch(input.timezone) { zone in
            if TimeZoneName.isValid(zone) { return zone }
            v.add("timezone", "must be an IANA time zone, like America/New_York"); return nil
        }
        changes.preferredLanguage = withDefault(input.preferredLanguage, "en") { raw in
            let code = raw.trimmingCharacters(in: .whitespaces).lowercased()
            if CustomerRules.languageCodes.contains(code) { return code }
            v.add("preferred_language", "must be an ISO 639-1 language code, like en or de"); return nil
        }
        changes.preferredContactMethod = withDefault(input.preferredContactMethod, ContactMethod.email.rawValue) {
            (v.oneOf($0, "preferred_contact_method", allowed: ContactMethod.allCases) as ContactMethod?)?.rawValue
        }
        changes.bestTimeToCall = patch(input.bestTimeToCall) {
            (v.oneOf($0, "best_time_to_call", allowed: TimeOfDay.allCases) as TimeOfDay?)?.rawValue
        }
        switch input.status {
        case .absent: break
        case .null: v.add("status", "must not be null")
        case let .value(raw):
            changes.status = (v.oneOf(raw, "status", allowed: CustomerStatus.allCases) as CustomerStatus?)?.rawValue
        }
        changes.tags = tags(input.tags, &v)
        changes.customFieldsJSON = customFields(input.customFields, &v)
        if case let .value(marketing) = input.marketing {
            changes.emailOptIn = marketing.emailOptIn
            changes.smsOptIn = marketing.smsOptIn
            if let source = marketing.source {
                if CustomerRules.isChannelName(source) { changes.consentSource = source }
                else { v.add("marketing.source", "must be 1 to 50 lower-case letters, digits, '-', '_' or '.'") }
            }
        } else if case .null = input.marketing {
            v.add("marketing", "must be an object")
        }
        if case let .value(flag) = input.namesValidated { changes.namesValidated = flag }
        else if case .null = input.namesValidated { changes.namesValidated = false }
        switch input.managedBy {
        case .absent: break
        case .null: changes.managedByID = .some(nil)
        case let .value(id): changes.managedByID = .some(id)
        }
        if let source = input.source.value, !CustomerRules.isChannelName(source) {
            v.add("source", "must be a channel name: 1 to 50 lower-case letters, digits, '-', '_' or '.'")
        }
        try v.check()
        return changes
    }

    private func name(_ input: Customer.Input, _ changes: CustomerChanges, _ v: inout Validator) -> String? {
        switch input.name {
        case let .value(raw):
            return v.text(raw, "name", required: true, max: CustomerRules.maxName)
        case .null:
            v.add("name", "is required")
            return nil
        case .absent:
            guard isCreate else { return nil }
            let parts = [changes.firstName ?? nil, changes.lastName ?? nil].compactMap { $0 }
            guard !parts.isEmpty else {
                v.add("name", "is required (or give first_name and last_name)")
                return nil
            }
            return v.text(parts.joined(separator: " "), "name", required: true, max: CustomerRules.maxName)
        }
    }

    /// A patch of an optional field: a value is checked by `check`, `null` clears.
    private func patch(_ field: FieldPatch<String>, _ check: (String) -> String?) -> String?? {
        switch field {
        case .absent: return nil
        case .null: return .some(nil)
        case let .value(raw):
            let trimmed = raw.trimmed
            if trimmed.isEmpty { return .some(nil) }
            guard let checked = check(trimmed) else { return nil }
            return .some(checked)
        }
    }

    private func optionalText(_ field: FieldPatch<String>, _ name: String, max: Int, _ v: inout Validator) -> String?? {
        patch(field) { v.text($0, name, max: max) }
    }

    /// A field with a default: `null` restores the default.
    private func withDefault(_ field: FieldPatch<String>, _ fallback: String, _ check: (String) -> String?) -> String? {
        switch field {
        case .absent: return nil
        case .null: return fallback
        case let .value(raw): return check(raw)
        }
    }

    private func birthday(_ raw: String, _ v: inout Validator) -> String? {
        guard let date = CalendarDate(raw) else {
            v.add("birthday", "must be a date written YYYY-MM-DD"); return nil
        }
        guard date.year >= 1900 else { v.add("birthday", "must be after 1900"); return nil }
        guard date <= CalendarDate.today(in: TimeZone(identifier: timezone) ?? .gmt) else {
            v.add("birthday", "must not be in the future"); return nil
        }
        return date.description
    }

    private func tags(_ field: FieldPatch<[String]>, _ v: inout Validator) -> [String]? {
        switch field {
        case .absent: return nil
        case .null: return []
        case let .value(raw):
            var seen = Set<String>()
            var tags: [String] = []
            for (index, tag) in raw.enumerated() {
                let trimmed = tag.trimmed
                guard (1...CustomerRules.maxTagLength).contains(trimmed.count) else {
                    v.add("tags[\(index)]", "must be 1 to \(CustomerRules.maxTagLength) characters"); continue
                }
                if seen.insert(trimmed.lowercased()).inserted { tags.append(trimmed) }
            }
            if tags.count > CustomerRules.maxTags { v.add("tags", "must hold at most \(CustomerRules.maxTags) tags") }
            return tags
        }
    }

    private func customFields(_ field: FieldPatch<[String: CustomFieldValue]>, _ v: inout Validator) -> String? {
        switch field {
        case .absent: return nil
        case .null: return "{}"
        case let .value(fields):
            if fields.count > CustomerRules.maxCustomFields {
                v.add("custom_fields", "must hold at most \(CustomerRules.maxCustomFields) keys")
            }
            for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
                if !CustomerRules.isCustomFieldKey(key) {
                    v.add("custom_fields.\(key)", "keys must be 1 to 64 lower-case letters, digits or '_'")
                }
                if case let .string(text) = value, text.count > CustomerRules.maxCustomFieldText {
                    v.add("custom_fields.\(key)", "must be at most \(CustomerRules.maxCustomFieldText) characters")
                }
                if case let .number(number) = value, !number.isFinite {
                    v.add("custom_fields.\(key)", "must be a finite number")
                }
            }
            return CustomerRules.encodeCustomFields(fields)
        }
    }
}
