import Foundation

/// Why a phone number was refused.
enum PhoneNumberError: Error, Equatable, Sendable {
    case empty, notANumber, invalidCountryCode, tooShort, tooLong, invalidForRegion

    var message: String {
        switch self {
        case .empty: return "must not be empty"
        case .notANumber: return "is not a phone number"
        case .invalidCountryCode: return "has a country code that does not exist"
        case .tooShort: return "is too short to be a phone number"
        case .tooLong: return "is too long to be a phone number"
        case .invalidForRegion: return "is not a valid phone number"
        }
    }
}

/// E.164 normalization and validation by libphonenumber's rules (its parse + isValidNumber, without
/// carrier codes and extensions).
enum PhoneNumber {
    private static let formatting = Set(" \u{00A0}-.()/\t[]~\u{2010}\u{2011}\u{2012}\u{2013}\u{2014}\u{2212}")

    /// E.164 (`+14155552671`) for a number as a person wrote it; `defaultRegion` reads numbers without a country code.
    static func normalize(_ raw: String, defaultRegion: String) -> Result<String, PhoneNumberError> {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return .failure(.empty) }
        let hasPlus = trimmed.hasPrefix("+") || trimmed.hasPrefix("\u{FF0B}")
        var digits = ""
        for (index, character) in trimmed.enumerated() {
            if let digit = character.wholeNumberValue, character.isNumber, digit < 10 {
                digits.append(Character(String(digit)))
            } else if index == 0 && hasPlus || formatting.contains(character) {
                continue
            } else {
                return .failure(.notANumber)
            }
        }
        guard digits.count >= 2 else { return .failure(digits.isEmpty ? .notANumber : .tooShort) }
        guard digits.count <= 24 else { return .failure(.tooLong) }
        let metadata = PhoneMetadata.shared
        let home = metadata.regions[defaultRegion.uppercased()]

        var countryCode: Int
        var national: String
        if hasPlus {
            guard let (code, rest) = extractCountryCode(digits) else { return .failure(.invalidCountryCode) }
            (countryCode, national) = (code, rest)
        } else if let home, let intl = home.intl, let match = PhonePatterns.shared.prefixMatch(intl, digits),
                  match.range.length > 0, match.range.length < digits.count,
                  digits[digits.index(digits.startIndex, offsetBy: match.range.length)] != "0" {
            guard let (code, rest) = extractCountryCode(String(digits.dropFirst(match.range.length))) else {
                return .failure(.invalidCountryCode)
            }
            (countryCode, national) = (code, rest)
        } else {
            guard let home else { return .failure(.invalidCountryCode) }
            countryCode = home.cc
            national = digits
            // The country code written without "+" (14155552671 in the US).
            let code = String(home.cc)
            if digits.hasPrefix(code) {
                let potential = stripNationalPrefix(String(digits.dropFirst(code.count)), home)
                let original = stripNationalPrefix(digits, home)
                if (!matchesGeneral(original, home) && matchesGeneral(potential, home)) || original.count > (home.lengths.last ?? 17) {
                    national = String(digits.dropFirst(code.count))
                }
            }
        }
        guard let regions = metadata.regionsByCode[countryCode], let main = regions.first else {
            return .failure(.invalidCountryCode)
        }
        let stripped = stripNationalPrefix(national, main)
        if stripped.count >= (main.lengths.first ?? 2) { national = stripped }
        return validate(national, countryCode: countryCode, regions: regions)
    }

    private static func validate(_ national: String, countryCode: Int, regions: [PhoneMetadata.Region]) -> Result<String, PhoneNumberError> {
        let patterns = PhonePatterns.shared
        for region in regions where region.lengths.contains(national.count) || region.lengths.isEmpty {
            if patterns.matchesWhole(region.general, national), patterns.matchesWhole(region.types, national) {
                return .success("+\(countryCode)\(national)")
            }
        }
        let lengths = regions.flatMap(\.lengths)
        if let shortest = lengths.min(), national.count < shortest { return .failure(.tooShort) }
        if let longest = lengths.max(), national.count > longest { return .failure(.tooLong) }
        return .failure(.invalidForRegion)
    }

    /// The longest of the 1–3 leading digits that is a calling code, and the rest.
    private static func extractCountryCode(_ digits: String) -> (Int, String)? {
        guard !digits.hasPrefix("0") else { return nil }
        for length in 1...min(3, digits.count) {
            if let code = Int(digits.prefix(length)), PhoneMetadata.shared.regionsByCode[code] != nil {
                return (code, String(digits.dropFirst(length)))
            }
        }
        return nil
    }

    private static func matchesGeneral(_ national: String, _ region: PhoneMetadata.Region) -> Bool {
        PhonePatterns.shared.matchesWhole(region.general, national)
    }

    /// Strips the national prefix (a trunk 0, or a carrier-specific rewrite) when what remains is still a
    /// plausible number — libphonenumber's maybeStripNationalPrefixAndCarrierCode.
    private static func stripNationalPrefix(_ number: String, _ region: PhoneMetadata.Region) -> String {
        guard let npp = region.npp, let match = PhonePatterns.shared.prefixMatch(npp, number), match.range.length >= 0 else {
            return number
        }
        let viableOriginal = matchesGeneral(number, region)
        let ns = number as NSString
        let lastGroup = match.numberOfRanges - 1
        let result: String
        if let transform = region.npt, lastGroup > 0, match.range(at: lastGroup).location != NSNotFound {
            let regex = PhonePatterns.shared.regex(npp, anchoredWhole: false)
            let replaced = regex.replacementString(for: match, in: number, offset: 0, template: transform)
            result = replaced + ns.substring(from: match.range.location + match.range.length)
        } else {
            guard match.range.length > 0 else { return number }
            result = ns.substring(from: match.range.length)
        }
        if viableOriginal && !matchesGeneral(result, region) { return number }
        return result
    }
}
