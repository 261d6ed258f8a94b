import Foundation

/// Order numbers, amounts and items.
enum OrderRules {
    /// Generated numbers avoid look-alikes (0/O, 1/I) and never start with "D", which demo data uses.
    static let numberAlphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
    static let firstLetters = numberAlphabet.filter { $0 != "D" }

    /// Exactly 10 upper-case letters and digits.
    static func isNumber(_ text: String) -> Bool {
        text.count == 10 && text.allSatisfy { ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") }
    }

    static func generateNumber() -> String {
        var generator = SystemRandomNumberGenerator()
        return String(firstLetters.randomElement(using: &generator)!)
            + String((1..<10).map { _ in numberAlphabet.randomElement(using: &generator)! })
    }

    /// The most whole units an amount may have: ten digits (9,999,999,999.99), so that the sums of an organization's
    /// orders stay far inside 64 bits (almost a million such orders before a sum could overflow).
    static let maxWholeDigits = 10

    /// A decimal string with at most two decimals ("12", "12.5", "12.50") in minor units; nil when malformed.
    static func minorUnits(_ text: String, allowNegative: Bool = false) -> Int64? {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        var negative = false
        if allowNegative, body.hasPrefix("-") { negative = true; body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, (1...maxWholeDigits).contains(whole.count),
              whole.allSatisfy(\.isASCIIDigit), let units = Int64(whole) else { return nil }
        var cents: Int64 = 0
        if parts.count == 2 {
            let fraction = parts[1]
            guard (1...2).contains(fraction.count), fraction.allSatisfy(\.isASCIIDigit), let value = Int64(fraction) else { return nil }
            cents = fraction.count == 1 ? value * 10 : value
        }
        let total = units * 100 + cents
        return negative ? -total : total
    }

    static func encodeItems(_ items: [Order.Item]) -> String {
        String(decoding: (try? JSONEncoder().encode(items)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func decodeItems(_ json: String) -> [Order.Item] {
        (try? JSONDecoder().decode([Order.Item].self, from: Data(json.utf8))) ?? []
    }
}

private extension Character {
    var isASCIIDigit: Bool { self >= "0" && self <= "9" }
}
