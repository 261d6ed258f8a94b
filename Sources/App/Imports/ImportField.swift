import Foundation

/// A customer field a file column can fill, and the header names that mean it.
enum ImportField: String, CaseIterable, Sendable {
    case name, firstName = "first_name", lastName = "last_name", email, phone, company, tags, status, notes
    case birthday, externalID = "external_id", emailOptIn = "email_opt_in", smsOptIn = "sms_opt_in"
    /// An opening points balance: a new customer's first ledger entry (`adjust`, reason `import`).
    case loyaltyPoints = "loyalty_points"
    /// A known column the import does not read (computed values of an export, like `total_spent`).
    case ignore

    /// Header names compared with case, spaces and punctuation removed: each field's own name and the headers
    /// `CustomerColumns` lists for it; an exported column no field reads (`total_spent`), and `id`, are ignored.
    static let synonyms: [String: ImportField] = {
        var table: [String: ImportField] = [normalized("id"): .ignore]
        func add(_ header: String, _ field: ImportField) {
            let key = normalized(header)
            precondition(table[key] == nil || table[key] == field, "the import header \(header) means two fields")
            table[key] = field
        }
        for column in CustomerColumns.all {
            if let field = column.importField {
                add(field.rawValue, field)
                for header in column.importHeaders { add(header, field) }
            } else if let export = column.export {
                add(export.header, .ignore)
            }
        }
        // The export's points column, and what other systems call a balance, open a new customer's ledger.
        for header in ["loyalty_points", "points", "points balance", "loyalty balance", "opening balance"] {
            table[normalized(header)] = .loyaltyPoints
        }
        return table
    }()

    static func normalized(_ header: String) -> String {
        String(header.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }
}
