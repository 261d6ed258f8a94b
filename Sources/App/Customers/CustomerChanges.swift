import Foundation

/// Validated, normalized changes to a customer: `nil` leaves a field alone, `.some(nil)` clears it.
struct CustomerChanges: Sendable {
    var name: String?
    var firstName: String??
    var lastName: String??
    var company: String??
    var email: String??
    var phone: String??
    var birthday: String??
    var timezone: String??
    var preferredLanguage: String?
    var preferredContactMethod: String?
    var bestTimeToCall: String??
    var notes: String??
    var tags: [String]?
    var customFieldsJSON: String?
    var externalID: String??
    var status: String?
    var emailOptIn: Bool?
    var smsOptIn: Bool?
    var consentSource: String?
    var namesValidated: Bool?
    var managedByID: UUID??

    /// What a change of one field looked like, for the timeline.
    struct Applied: Sendable {
        var fields: [String] = []
        var statusChange: (from: String, to: String)?
        var consentChanges: [(channel: String, optIn: Bool)] = []
    }

    /// Writes the changes into the record and says which fields really changed.
    func apply(to customer: Customer, at now: Date, source: String) -> Applied {
        var record = customer
        return apply(to: &record, at: now, source: source)
    }

    /// Writes the changes into `record` (a stored customer or a new one's plain values) and says which fields really
    /// changed.
    func apply<Record: CustomerFields>(to record: inout Record, at now: Date, source: String) -> Applied {
        var applied = Applied()
        func set<T: Equatable>(_ field: String, _ new: T?, _ current: inout T) {
            guard let new, current != new else { return }
            current = new
            applied.fields.append(field)
        }
        if let name, name != record.name {
            record.name = name
            record.nameKey = CustomerRules.nameKey(name)
            record.searchName = CustomerRules.searchFold(name)
            applied.fields.append("name")
        }
        set("first_name", firstName, &record.firstName)
        set("last_name", lastName, &record.lastName)
        set("company", company, &record.company)
        set("email", email, &record.email)
        set("phone", phone, &record.phone)
        set("birthday", birthday, &record.birthday)
        set("timezone", timezone, &record.timezone)
        set("preferred_language", preferredLanguage, &record.preferredLanguage)
        set("preferred_contact_method", preferredContactMethod, &record.preferredContactMethod)
        set("best_time_to_call", bestTimeToCall, &record.bestTimeToCall)
        set("notes", notes, &record.notes)
        set("tags", tags.map(CustomerRules.encodeTags), &record.tagsJSON)
        set("custom_fields", customFieldsJSON, &record.customFieldsJSON)
        set("external_id", externalID, &record.externalID)
        set("names_validated", namesValidated, &record.namesValidated)
        set("managed_by", managedByID, &record.managedByID)
        if let status, status != record.status {
            applied.statusChange = (record.status, status)
            record.status = status
            applied.fields.append("status")
        }
        if let emailOptIn, emailOptIn != record.emailOptIn {
            record.emailOptIn = emailOptIn
            record.emailOptInAt = now
            record.emailOptInSource = consentSource ?? source
            applied.consentChanges.append(("email", emailOptIn))
            applied.fields.append("marketing.email_opt_in")
        }
        if let smsOptIn, smsOptIn != record.smsOptIn {
            record.smsOptIn = smsOptIn
            record.smsOptInAt = now
            record.smsOptInSource = consentSource ?? source
            applied.consentChanges.append(("sms", smsOptIn))
            applied.fields.append("marketing.sms_opt_in")
        }
        if applied.fields.contains(where: { CustomerColumns.duplicateKeySources.contains($0) }) { record.refreshDuplicateKeys() }
        return applied
    }
}
