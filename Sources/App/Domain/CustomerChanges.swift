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
        var applied = Applied()
        func set<T: Equatable>(_ field: String, _ new: T?, _ keyPath: ReferenceWritableKeyPath<Customer, T>) {
            guard let new, customer[keyPath: keyPath] != new else { return }
            customer[keyPath: keyPath] = new
            applied.fields.append(field)
        }
        if let name, name != customer.name {
            customer.name = name
            customer.nameKey = CustomerRules.nameKey(name)
            customer.searchName = CustomerRules.searchFold(name)
            applied.fields.append("name")
        }
        set("first_name", firstName, \.firstName)
        set("last_name", lastName, \.lastName)
        set("company", company, \.company)
        set("email", email, \.email)
        set("phone", phone, \.phone)
        set("birthday", birthday, \.birthday)
        set("timezone", timezone, \.timezone)
        set("preferred_language", preferredLanguage, \.preferredLanguage)
        set("preferred_contact_method", preferredContactMethod, \.preferredContactMethod)
        set("best_time_to_call", bestTimeToCall, \.bestTimeToCall)
        set("notes", notes, \.notes)
        set("tags", tags.map(CustomerRules.encodeTags), \.tagsJSON)
        set("custom_fields", customFieldsJSON, \.customFieldsJSON)
        set("external_id", externalID, \.externalID)
        set("names_validated", namesValidated, \.namesValidated)
        set("managed_by", managedByID, \.managedByID)
        if let status, status != customer.status {
            applied.statusChange = (customer.status, status)
            customer.status = status
            applied.fields.append("status")
        }
        if let emailOptIn, emailOptIn != customer.emailOptIn {
            customer.emailOptIn = emailOptIn
            customer.emailOptInAt = now
            customer.emailOptInSource = consentSource ?? source
            applied.consentChanges.append(("email", emailOptIn))
            applied.fields.append("marketing.email_opt_in")
        }
        if let smsOptIn, smsOptIn != customer.smsOptIn {
            customer.smsOptIn = smsOptIn
            customer.smsOptInAt = now
            customer.smsOptInSource = consentSource ?? source
            applied.consentChanges.append(("sms", smsOptIn))
            applied.fields.append("marketing.sms_opt_in")
        }
        return applied
    }
}
