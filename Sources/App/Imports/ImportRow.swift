import Foundation

/// One record of an import file turned into a customer body, or the reasons it cannot be one.
struct ImportRow: Sendable {
    let number: Int
    let input: Customer.Input?
    let rejections: [ImportRejection]
    /// The opening points balance of the `loyalty_points` column, for a customer the row creates.
    private(set) var openingPoints: Int?
    /// The address of the row's address columns: the default address of a customer it creates, or the first of a
    /// matched customer who has none.
    private(set) var address: ImportedAddress?
    /// The input checked by the organization's rules for a new customer, when that was done ahead (see
    /// `ImportBatchReader`); nil leaves it to the applier.
    var validated: Result<CustomerChanges, Problem>?
    /// The new customer this row would be, with the rows that write it, built ahead with `validated` (see
    /// `ImportBatchReader`); used when the row matches nobody.
    var prepared: CustomerBulkInsert.Item?

    /// A record of only empty cells (a blank line): read past, neither imported nor rejected.
    var isBlank: Bool { input == nil && rejections.isEmpty }

    init(number: Int, cells: [String], mapping: ImportColumnMapping) {
        self.number = number
        guard cells.contains(where: { !$0.trimmed.isEmpty }) else {
            input = nil
            rejections = []
            return
        }
        guard cells.count == mapping.header.count else {
            input = nil
            rejections = [ImportRejection(row: number, field: "row",
                                          reason: "has \(cells.count) cells; the header has \(mapping.header.count)")]
            return
        }
        var input = Customer.Input()
        var problems: [ImportRejection] = []
        var address = ImportedAddress()
        var history = ImportedHistory()
        for (index, field) in mapping.fields.sorted(by: { $0.key < $1.key }) {
            var value = SpreadsheetCell.restored(cells[index].trimmed)
            // Spreadsheets are kept from eating a phone's `+` or a postal code's leading zero by a `'` (Shopify).
            if [.phone, .addressPhone, .addressPostalCode].contains(field), value.hasPrefix("'") {
                value = String(value.dropFirst()).trimmed
            }
            guard !value.isEmpty else { continue }
            if field.isAddress {
                address.set(field, value)
                continue
            }
            switch field {
            case .name: input.name = .value(value)
            case .firstName: input.firstName = .value(value)
            case .lastName: input.lastName = .value(value)
            case .email: input.email = .value(value)
            case .phone: input.phone = .value(value)
            case .company: input.company = .value(value)
            case .notes: input.notes = .value(value)
            case .birthday: input.birthday = .value(value)
            case .externalID: input.externalID = .value(value)
            case .status: input.status = .value(value.lowercased())
            case .tags: input.tags = .value(value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty })
            case .emailOptIn, .smsOptIn, .emailOptOut:
                guard let consent = Self.consent(value) else {
                    problems.append(ImportRejection(row: number, field: field.rawValue,
                                                    reason: "must be yes or no (true, false, subscribed, unsubscribed or unknown)"))
                    continue
                }
                // An opt-out column that says "not unsubscribed" is no consent: it changes nothing.
                guard let flag = consent, field != .emailOptOut || flag else { continue }
                var marketing = input.marketing.value ?? Customer.Input.Marketing()
                switch field {
                case .emailOptIn: marketing.emailOptIn = flag
                case .emailOptOut: marketing.emailOptIn = !flag
                default: marketing.smsOptIn = flag
                }
                input.marketing = .value(marketing)
            case .importedTotalSpent, .importedTotalOrders, .importedLastOrderAt, .importedCurrency:
                if let reason = history.set(field, value) {
                    problems.append(ImportRejection(row: number, field: field.rawValue, reason: reason))
                }
            case .loyaltyPoints:
                guard let points = Int(value), (0...LoyaltyProgram.maxBalance).contains(points) else {
                    problems.append(ImportRejection(row: number, field: field.rawValue,
                                                    reason: "must be a whole number of points from 0 to \(LoyaltyProgram.maxBalance)"))
                    continue
                }
                openingPoints = points
            case .ignore, .addressLine1, .addressLine2, .addressCity, .addressRegion, .addressPostalCode, .addressCountry,
                 .addressPhone:
                continue
            }
        }
        if let system = mapping.system {
            // Another system's customer may have only an email or a phone (a Stripe or Shopify checkout): it is named by it.
            if input.name.value == nil, input.firstName.value == nil, input.lastName.value == nil,
               let contact = input.email.value ?? input.phone.value {
                input.name = .value(contact)
            }
            // Where the record came from, and the totals the other system counted (custom fields, not orders).
            input.customFields = .value(history.customFields(system: system.id))
        }
        self.address = address.isEmpty ? nil : address
        self.input = problems.isEmpty ? input : nil
        rejections = problems
    }

    /// A consent cell: yes or no, or nil for a value that is neither; `.some(nil)` for "unknown", which changes nothing.
    private static func consent(_ text: String) -> Bool?? {
        switch text.lowercased() {
        case "true", "yes", "y", "1", "x", "subscribed", "opted in": return .some(true)
        case "false", "no", "n", "0", "unsubscribed", "not subscribed", "opted out": return .some(false)
        case "unknown", "pending", "not specified": return .some(nil)
        default: return nil
        }
    }
}

/// Why a row was not imported: its row number, the field, the reason.
struct ImportRejection: Codable, Sendable, Equatable {
    let row: Int
    let field: String
    let reason: String

    static func from(_ problem: Problem, row: Int) -> [ImportRejection] {
        guard let errors = problem.errors, !errors.isEmpty else {
            return [ImportRejection(row: row, field: "row", reason: problem.detail)]
        }
        return errors.map { ImportRejection(row: row, field: $0.field, reason: $0.message) }
    }
}
