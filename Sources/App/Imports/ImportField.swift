import Foundation

/// A customer field a file column can fill, and the header names that mean it.
enum ImportField: String, CaseIterable, Sendable {
    case name, firstName = "first_name", lastName = "last_name", email, phone, company, tags, status, notes
    case birthday, externalID = "external_id", emailOptIn = "email_opt_in", smsOptIn = "sms_opt_in"
    /// An opening points balance: a new customer's first ledger entry (`adjust`, reason `import`).
    case loyaltyPoints = "loyalty_points"
    /// Consent the other way round: true means the person opted out of marketing email (HubSpot, older Square).
    case emailOptOut = "email_opt_out"
    /// The parts of an address the row adds to a new customer's address book as its default (`ImportedAddress`).
    case addressLine1 = "address_line1", addressLine2 = "address_line2", addressCity = "address_city"
    case addressRegion = "address_region", addressPostalCode = "address_postal_code", addressCountry = "address_country"
    case addressPhone = "address_phone"
    /// Order totals another system counted, kept as imported history (`ImportedHistory`), never as orders.
    case importedTotalSpent = "imported_total_spent", importedTotalOrders = "imported_total_orders"
    case importedLastOrderAt = "imported_last_order_at", importedCurrency = "imported_currency"
    /// A known column the import does not read (computed values of an export, like `total_spent`).
    case ignore

    /// Header names compared with case, spaces and punctuation removed: each field's own name and the headers
    /// `CustomerColumns` lists for it; an exported column no field reads (`total_spent`), and `id`, are ignored.
    /// Whether the field is a part of the row's address.
    var isAddress: Bool {
        [.addressLine1, .addressLine2, .addressCity, .addressRegion, .addressPostalCode, .addressCountry, .addressPhone].contains(self)
    }

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
