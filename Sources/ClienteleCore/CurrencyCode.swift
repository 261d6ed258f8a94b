import Foundation

/// ISO 4217 currency codes.
public enum CurrencyCode {
    public static let all: Set<String> = Set(Locale.Currency.isoCurrencies.map(\.identifier).filter { $0.count == 3 })

    public static func isValid(_ code: String) -> Bool { all.contains(code) }
}
