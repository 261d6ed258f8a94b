import Foundation

/// A customer field a file column can fill, and the header names that mean it.
enum ImportField: String, CaseIterable, Sendable {
    case name, firstName = "first_name", lastName = "last_name", email, phone, company, tags, status, notes
    case birthday, externalID = "external_id", emailOptIn = "email_opt_in", smsOptIn = "sms_opt_in"
    /// A known column the import does not read (computed values of an export, like `total_spent`).
    case ignore

    /// Header names compared with case, spaces and punctuation removed.
    static let synonyms: [String: ImportField] = {
        var table: [String: ImportField] = [:]
        let names: [(ImportField, [String])] = [
            (.name, ["name", "full name", "customer", "customer name", "contact name", "display name"]),
            (.firstName, ["first name", "given name", "forename", "firstname"]),
            (.lastName, ["last name", "surname", "family name", "lastname"]),
            (.email, ["email", "e-mail", "email address", "e-mail address", "mail"]),
            (.phone, ["phone", "mobile", "phone number", "mobile phone", "mobile number", "telephone", "tel", "cell",
                      "cell phone"]),
            (.company, ["company", "organization", "organisation", "business", "company name"]),
            (.tags, ["tags", "tag", "labels"]),
            (.status, ["status"]),
            (.notes, ["notes", "note", "comments", "comment"]),
            (.birthday, ["birthday", "date of birth", "birth date", "dob"]),
            (.externalID, ["external id", "external_id"]),
            (.emailOptIn, ["email opt in", "email_opt_in", "email marketing"]),
            (.smsOptIn, ["sms opt in", "sms_opt_in", "sms marketing"]),
            (.ignore, ["created at", "loyalty points", "visits", "total orders", "total spent", "last order at", "id"]),
        ]
        for (field, synonyms) in names {
            for synonym in synonyms { table[normalized(synonym)] = field }
        }
        return table
    }()

    static func normalized(_ header: String) -> String {
        String(header.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }
}
