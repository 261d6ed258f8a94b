import Foundation

/// A new customer as plain values, not yet written: what an import builds for each new person of its file (a Fluent
/// `Customer` is some forty objects to make and free; this is one value). Starts with the defaults of
/// `Customer(organizationID:source:)` and takes validated changes by the same code (`CustomerChanges.apply`).
struct CustomerDraft: CustomerFields, Sendable {
    let id: UUID
    let organizationID: UUID
    let source: String
    var name = ""
    var nameKey = ""
    var searchName = ""
    var uniqueNameKey: String?
    var firstName: String?
    var lastName: String?
    var company: String?
    var email: String?
    var phone: String?
    var birthday: String?
    var timezone: String?
    var preferredLanguage = "en"
    var preferredContactMethod = "email"
    var bestTimeToCall: String?
    var notes: String?
    var tagsJSON = "[]"
    var customFieldsJSON = "{}"
    var externalID: String?
    var status = CustomerStatus.active.rawValue
    var emailOptIn = false
    var emailOptInAt: Date?
    var emailOptInSource: String?
    var smsOptIn = false
    var smsOptInAt: Date?
    var smsOptInSource: String?
    var namesValidated = false
    var managedByID: UUID?
    var dupNameKey: String?
    var dupNameInitialKey: String?
    var dupPhoneKey: String?
    var dupEmailKey: String?
    var dupEmailLocalKey: String?

    init(id: UUID = UUID.timeOrdered(), organizationID: UUID, source: String) {
        self.id = id
        self.organizationID = organizationID
        self.source = source
    }
}
