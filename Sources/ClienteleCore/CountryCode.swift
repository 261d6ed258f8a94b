import Foundation

/// ISO 3166-1 alpha-2 country codes (and XK, which phone numbering uses).
public enum CountryCode {
    /// Region codes Foundation knows that are not countries: reserved and grouping codes.
    private static let notCountries: Set<String> = ["AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "ZZ"]

    public static let all: Set<String> = Set(
        Locale.Region.isoRegions.map(\.identifier).filter { $0.count == 2 && !notCountries.contains($0) })

    public static func isValid(_ code: String) -> Bool { all.contains(code) }
}
