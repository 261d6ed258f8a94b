import Foundation

/// Why a phone number was refused.
public enum PhoneNumberError: Error, Equatable, Sendable {
    case empty, notANumber, invalidCountryCode, tooShort, tooLong, invalidForRegion
}

extension PhoneNumberError {
    /// Completes a sentence that starts with the field's name: "phone is too short to be a phone number".
    public var message: String {
        switch self {
        case .empty: return "must not be empty"
        case .notANumber: return "is not a phone number: only digits, spaces, + ( ) - . / are allowed"
        case .invalidCountryCode: return "has a country calling code that does not exist"
        case .tooShort: return "is too short to be a phone number"
        case .tooLong: return "is too long to be a phone number"
        case .invalidForRegion: return "is not a valid phone number for its country"
        }
    }
}

/// E.164 normalization and validation that follows libphonenumber's `parse` + `isValidNumber` step by step,
/// on the metadata generated from it; it refuses letters (vanity numbers) and extensions instead of
/// reading them, as a form field should.
public enum PhoneNumber {
    public typealias Region = PhoneMetadata.Region

    /// libphonenumber's limits: longer inputs and national numbers are refused before any pattern runs.
    private static let maxInput = 250, maxNational = 17, minNational = 2

    /// E.164 (`+14155552671`) for a number as a person typed it, read with `defaultRegion` (ISO 3166-1 alpha-2)
    /// when it has no country code.
    public static func normalize(_ raw: String, defaultRegion: String) -> Result<String, PhoneNumberError> {
        let written: (plus: Bool, digits: String)
        switch read(raw) {
        case let .success(value): written = value
        case let .failure(error): return .failure(error)
        }
        let metadata = PhoneMetadata.shared
        let home = metadata.region(defaultRegion)
        // Without a "+" only the default region can say what the number means.
        guard written.plus || home != nil else { return .failure(.invalidCountryCode) }

        var extracted = extractCountryCode(written.digits, plus: written.plus, home: home)
        if written.plus, case .failure(.invalidCountryCode) = extracted {
            // libphonenumber tries again without the "+", for people who write "+00 44 …" or "+011 44 …".
            extracted = extractCountryCode(written.digits, plus: false, home: home)
            if case .success(nil) = extracted { return .failure(.invalidCountryCode) }
        }
        var countryCode: Int, national: String, rules: Region
        switch extracted {
        case let .failure(error): return .failure(error)
        case let .success((code, rest)?):
            // The national prefix of a number with a country code is stripped by the main country's rules.
            guard let main = metadata.regions(callingCode: code).first else { return .failure(.invalidCountryCode) }
            (countryCode, national, rules) = (code, rest, main)
        case .success(nil):
            guard let home else { return .failure(.invalidCountryCode) }
            (countryCode, national, rules) = (home.cc, written.digits, home)
        }
        guard national.utf8.count >= minNational else { return .failure(.tooShort) }

        // Keep the prefix when what is left could not be a whole number: "0800" style short codes stay intact.
        let stripped = stripNationalPrefix(national, rules)
        switch checkLength(stripped, rules) {
        case .tooShort, .localOnly, .invalidLength: break
        case .possible, .tooLong: national = stripped
        }
        guard national.utf8.count >= minNational else { return .failure(.tooShort) }
        guard national.utf8.count <= maxNational else { return .failure(.tooLong) }
        return validate(national, countryCode: countryCode)
    }

    /// Valid in the region libphonenumber assigns the number to, among those sharing its calling code
    /// (+1: US, CA, the Caribbean; +44: GB, GG, IM, JE; +7: RU, KZ).
    private static func validate(_ national: String, countryCode: Int) -> Result<String, PhoneNumberError> {
        let metadata = PhoneMetadata.shared
        let regions = metadata.regions(callingCode: countryCode)
        guard let main = regions.first else { return .failure(.invalidCountryCode) }
        var valid = false
        if regions.count == 1 {
            valid = isValid(national, in: main)
        } else {
            for region in regions {
                if region.leadingDigits != nil {
                    // Leading digits decide the region outright, valid there or not (getRegionCodeForNumberFromRegionList).
                    if metadata.matchAtStart(national, .leadingDigits, of: region) != nil {
                        valid = isValid(national, in: region)
                        break
                    }
                } else if isValid(national, in: region) {
                    valid = true
                    break
                }
            }
        }
        if valid { return .success("+\(countryCode)\(national)") }
        switch checkLength(national, main) {
        case .tooShort: return .failure(.tooShort)
        case .tooLong: return .failure(.tooLong)
        case .possible, .localOnly, .invalidLength: return .failure(.invalidForRegion)
        }
    }

    /// libphonenumber's getNumberTypeHelper(…) != UNKNOWN: the general pattern and one number type match,
    /// each with the lengths it allows checked first.
    private static func isValid(_ national: String, in region: Region) -> Bool {
        let length = national.utf8.count
        guard region.lengths.contains(length) else { return false }
        let metadata = PhoneMetadata.shared
        return metadata.matchesWhole(national, .general, of: region) && metadata.matchesWhole(national, .types(length: length), of: region)
    }

    // MARK: Reading

    /// The digits as written, and whether a "+" came first; any letter or symbol is refused.
    private static func read(_ raw: String) -> Result<(plus: Bool, digits: String), PhoneNumberError> {
        // The byte count costs nothing and spares walking a huge paste scalar by scalar.
        guard raw.utf8.count <= maxInput * 4, raw.unicodeScalars.count <= maxInput else { return .failure(.tooLong) }
        var digits: [UInt8] = []
        digits.reserveCapacity(20)
        var plus = false, blank = true
        for scalar in raw.unicodeScalars {
            if scalar.properties.isWhitespace { continue }
            blank = false
            if let digit = decimal(scalar) {
                digits.append(UInt8(ascii: "0") + digit)
            } else if scalar == "+" || scalar == "\u{FF0B}" {
                // A plus sign starts a number; after digits it is not a phone number any more.
                guard digits.isEmpty else { return .failure(.notANumber) }
                plus = true
            } else if !punctuation.contains(scalar) {
                return .failure(.notANumber)
            }
        }
        if blank { return .failure(.empty) }
        if digits.isEmpty { return .failure(.notANumber) }
        if digits.count <= minNational { return .failure(.tooShort) }
        return .success((plus, String(decoding: digits, as: UTF8.self)))
    }

    /// libphonenumber's VALID_PUNCTUATION without "x" (an extension marker) and the star.
    private static let punctuation: Set<Unicode.Scalar> = Set(("-./()[]~\u{00AD}\u{200B}\u{2060}\u{2010}\u{2011}\u{2012}"
        + "\u{2013}\u{2014}\u{2015}\u{2212}\u{30FC}\u{FF0D}\u{FF0E}\u{FF0F}\u{FF08}\u{FF09}\u{FF3B}\u{FF3D}\u{2053}\u{223C}\u{FF5E}").unicodeScalars)

    /// 0–9 in any script (fullwidth, Arabic-Indic, Devanagari…), as libphonenumber normalizes them.
    private static func decimal(_ scalar: Unicode.Scalar) -> UInt8? {
        if scalar.isASCII { return (48...57).contains(scalar.value) ? UInt8(scalar.value - 48) : nil }
        guard scalar.properties.numericType == .decimal, let value = scalar.properties.numericValue else { return nil }
        return UInt8(value)
    }

    // MARK: libphonenumber's parsing steps

    /// maybeExtractCountryCode: nil when the number has no country code of its own.
    private static func extractCountryCode(_ digits: String, plus: Bool, home: Region?) -> Result<(Int, String)?, PhoneNumberError> {
        let metadata = PhoneMetadata.shared
        var number = Substring(digits)
        var international = plus
        if !plus, let home, let idd = metadata.matchAtStart(digits, .international, of: home) {
            let rest = digits.utf8.dropFirst(idd.range.length)
            // Country codes never start with 0, so "0" after an apparent 00 is a national number (IDD-like trunk).
            if rest.first != UInt8(ascii: "0") {
                number = Substring(rest)
                international = true
            }
        }
        if international {
            guard number.utf8.count > minNational else { return .failure(.tooShort) }
            guard number.first != "0" else { return .failure(.invalidCountryCode) }
            for length in 1...3 {
                if let code = Int(number.prefix(length)), !metadata.regions(callingCode: code).isEmpty {
                    return .success((code, String(number.dropFirst(length))))
                }
            }
            return .failure(.invalidCountryCode)
        }
        // The country code written without "+" (14155552671 in the US): strip it only when that turns an
        // impossible number into a plausible one, or the whole is too long for the region.
        guard let home else { return .success(nil) }
        let code = String(home.cc)
        guard digits.hasPrefix(code) else { return .success(nil) }
        let potential = stripNationalPrefix(String(digits.dropFirst(code.utf8.count)), home)
        if (!metadata.matchesWhole(digits, .general, of: home) && metadata.matchesWhole(potential, .general, of: home))
            || checkLength(digits, home) == .tooLong {
            return .success((home.cc, potential))
        }
        return .success(nil)
    }

    /// maybeStripNationalPrefixAndCarrierCode: removes the trunk prefix (and any carrier code), or rewrites
    /// it by the region's transform rule, unless that turns a plausible number into an implausible one.
    private static func stripNationalPrefix(_ number: String, _ region: Region) -> String {
        let metadata = PhoneMetadata.shared
        guard !number.isEmpty, region.nppParsing != nil,
              let match = metadata.matchAtStart(number, .nationalPrefix, of: region) else { return number }
        let viableOriginal = metadata.matchesWhole(number, .general, of: region)
        let lastGroup = match.numberOfRanges - 1
        let result: String
        if region.nppTransform != nil, lastGroup > 0, match.range(at: lastGroup).location != NSNotFound,
           let transformed = metadata.transform(number, match, of: region) {
            result = transformed
        } else {
            result = String(number.utf8.dropFirst(match.range.length))!
        }
        if viableOriginal && !metadata.matchesWhole(result, .general, of: region) { return number }
        return result
    }

    private enum LengthCheck { case possible, localOnly, tooShort, tooLong, invalidLength }

    /// testNumberLength against the region's general possible lengths.
    private static func checkLength(_ number: String, _ region: Region) -> LengthCheck {
        let length = number.utf8.count
        if region.localLengths.contains(length) { return .localOnly }
        guard let shortest = region.lengths.first, let longest = region.lengths.last else { return .invalidLength }
        if length < shortest { return .tooShort }
        if length > longest { return .tooLong }
        return region.lengths.contains(length) ? .possible : .invalidLength
    }
}
