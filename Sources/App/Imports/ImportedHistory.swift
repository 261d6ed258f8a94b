import Foundation

/// Order totals another system counted for a customer ("Total Spent", "Total Orders", a last order's date), kept as
/// imported history in the customer's custom fields — `imported_total_spent` (a decimal string),
/// `imported_total_orders`, `imported_last_order_at` (a date), `imported_currency` — beside `imported_from`. The
/// customer's own totals stay what its orders say (`CustomerTotals`): no order is invented for them.
struct ImportedHistory: Sendable {
    private(set) var spentMinor: Int64?
    private(set) var orders: Int?
    private(set) var lastOrderDay: String?
    private(set) var currency: String?

    var isEmpty: Bool { spentMinor == nil && orders == nil && lastOrderDay == nil && currency == nil }

    /// Reads one cell; answers why it cannot be read, or nil.
    mutating func set(_ field: ImportField, _ text: String) -> String? {
        switch field {
        case .importedTotalSpent:
            guard let minor = Self.minorUnits(text) else { return "must be an amount of money, like 1234.50" }
            spentMinor = minor
        case .importedTotalOrders:
            guard let count = Int(text.replacingOccurrences(of: ",", with: "")), count >= 0, count <= 10_000_000 else {
                return "must be a whole number of orders"
            }
            orders = count
        case .importedLastOrderAt:
            guard let day = Self.day(text) else { return "must be a date, like 2024-03-31" }
            lastOrderDay = day
        case .importedCurrency:
            let code = text.uppercased()
            guard code.count == 3, code.allSatisfy({ $0 >= "A" && $0 <= "Z" }) else { return "must be a currency code, like USD" }
            currency = code
        default:
            break
        }
        return nil
    }

    func customFields(system: String) -> [String: CustomFieldValue] {
        var fields: [String: CustomFieldValue] = ["imported_from": .string(system)]
        if let spentMinor { fields["imported_total_spent"] = .string(Money.decimalString(minorUnits: spentMinor)) }
        if let orders { fields["imported_total_orders"] = .number(Double(orders)) }
        if let lastOrderDay { fields["imported_last_order_at"] = .string(lastOrderDay) }
        if let currency { fields["imported_currency"] = .string(currency) }
        return fields
    }

    /// "1234.5", "$1,234.56", "1.234,56 €", "-12.00" → minor units; nil for anything else.
    static func minorUnits(_ text: String) -> Int64? {
        var kept = text.filter { $0.isNumber || $0 == "." || $0 == "," || $0 == "-" }
        guard kept.contains(where: \.isNumber), text.filter({ $0.isLetter }).count <= 3 else { return nil }
        let lastDot = kept.lastIndex(of: "."), lastComma = kept.lastIndex(of: ",")
        if let lastDot, let lastComma {
            // The separator that comes last is the decimal one.
            kept = lastDot > lastComma ? kept.replacingOccurrences(of: ",", with: "")
                : kept.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".")
        } else if let lastComma {
            let decimals = kept.distance(from: lastComma, to: kept.endIndex) - 1
            kept = decimals == 3 ? kept.replacingOccurrences(of: ",", with: "") : kept.replacingOccurrences(of: ",", with: ".")
        }
        guard kept.filter({ $0 == "." }).count <= 1, let amount = Decimal(string: kept, locale: Locale(identifier: "en_US_POSIX")),
              amount.magnitude < 1_000_000_000_000 else { return nil }
        var minor = amount * 100, rounded = Decimal()
        NSDecimalRound(&rounded, &minor, 0, .plain)
        return NSDecimalNumber(decimal: rounded).int64Value
    }

    /// The day of a date or timestamp as the other systems write it: ISO 8601, `2024-03-31 18:02:11`, `03/31/2024`.
    static func day(_ text: String) -> String? {
        let iso = text.prefix(10)
        if iso.count == 10, CalendarDate(String(iso)) != nil { return String(iso) }
        let parts = text.split(separator: " ").first?.split(separator: "/").map(String.init) ?? []
        guard parts.count == 3, let month = Int(parts[0]), let day = Int(parts[1]), let year = Int(parts[2]),
              (1...12).contains(month), (1...31).contains(day), (1900...2999).contains(year) else { return nil }
        let candidate = String(format: "%04d-%02d-%02d", year, month, day)
        return CalendarDate(candidate) == nil ? nil : candidate
    }
}
