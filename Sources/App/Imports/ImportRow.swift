import Foundation

/// One record of an import file turned into a customer body, or the reasons it cannot be one.
struct ImportRow: Sendable {
    let number: Int
    let input: Customer.Input?
    let rejections: [ImportRejection]
    /// The opening points balance of the `loyalty_points` column, for a customer the row creates.
    private(set) var openingPoints: Int?
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
        for (index, field) in mapping.fields {
            let value = SpreadsheetCell.restored(cells[index].trimmed)
            guard !value.isEmpty else { continue }
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
            case .emailOptIn, .smsOptIn:
                guard let flag = Self.flag(value) else {
                    problems.append(ImportRejection(row: number, field: field.rawValue, reason: "must be true or false"))
                    continue
                }
                var marketing = input.marketing.value ?? Customer.Input.Marketing()
                if field == .emailOptIn { marketing.emailOptIn = flag } else { marketing.smsOptIn = flag }
                input.marketing = .value(marketing)
            case .loyaltyPoints:
                guard let points = Int(value), (0...LoyaltyProgram.maxBalance).contains(points) else {
                    problems.append(ImportRejection(row: number, field: field.rawValue,
                                                    reason: "must be a whole number of points from 0 to \(LoyaltyProgram.maxBalance)"))
                    continue
                }
                openingPoints = points
            case .ignore: continue
            }
        }
        self.input = problems.isEmpty ? input : nil
        rejections = problems
    }

    private static func flag(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "y", "1", "x": return true
        case "false", "no", "n", "0": return false
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
