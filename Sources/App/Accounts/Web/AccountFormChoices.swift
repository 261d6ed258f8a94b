import ClienteleCore
import Foundation

/// The choices of the portal's selects: languages by their English names, and the IANA time zones.
enum AccountFormChoices {
    static let languages: [(value: String, label: String)] = {
        let english = Locale(identifier: "en")
        return CustomerRules.languageCodes.map { code in
            (code, english.localizedString(forLanguageCode: code).map { "\($0) (\(code))" } ?? code)
        }.sorted { $0.1.localizedCaseInsensitiveCompare($1.1) == .orderedAscending }
    }()

    static let timeZones: [(value: String, label: String)] = TimeZoneName.all.sorted().map { ($0, $0.replacingOccurrences(of: "_", with: " ")) }
}
