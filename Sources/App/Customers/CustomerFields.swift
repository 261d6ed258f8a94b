import ClienteleCore
import Foundation

/// The fields of a customer that validated changes write (`CustomerChanges.apply`): the stored record (`Customer`) and
/// a new customer built as plain values before it is written (`CustomerDraft`, what an import builds by the thousand)
/// take changes by the same code.
protocol CustomerFields {
    var name: String { get set }
    var nameKey: String { get set }
    var searchName: String { get set }
    var firstName: String? { get set }
    var lastName: String? { get set }
    var company: String? { get set }
    var email: String? { get set }
    var phone: String? { get set }
    var birthday: String? { get set }
    var timezone: String? { get set }
    var preferredLanguage: String { get set }
    var preferredContactMethod: String { get set }
    var bestTimeToCall: String? { get set }
    var notes: String? { get set }
    var tagsJSON: String { get set }
    var customFieldsJSON: String { get set }
    var externalID: String? { get set }
    var status: String { get set }
    var emailOptIn: Bool { get set }
    var emailOptInAt: Date? { get set }
    var emailOptInSource: String? { get set }
    var smsOptIn: Bool { get set }
    var smsOptInAt: Date? { get set }
    var smsOptInSource: String? { get set }
    var namesValidated: Bool { get set }
    var managedByID: UUID? { get set }
    var dupNameKey: String? { get set }
    var dupNameInitialKey: String? { get set }
    var dupPhoneKey: String? { get set }
    var dupEmailKey: String? { get set }
    var dupEmailLocalKey: String? { get set }
}

extension CustomerFields {
    /// The possible-duplicate blocking keys of the current name, phone and email.
    mutating func refreshDuplicateKeys() {
        let keys = DuplicateKeys(name: name, phone: phone, email: email)
        dupNameKey = keys.name
        dupNameInitialKey = keys.nameInitial
        dupPhoneKey = keys.phone
        dupEmailKey = keys.email
        dupEmailLocalKey = keys.nameAndEmailLocal
    }
}

extension Customer: CustomerFields {}
