import Foundation

/// libphonenumber's numbering rules for every region (see scripts/generate_phone_metadata.py), decoded once,
/// with their patterns compiled on first use and kept for the life of the process.
///
/// `@unchecked Sendable`: everything is immutable after `init` except `compiled`, which only `lock` guards;
/// NSRegularExpression itself is immutable and documented as safe to share between threads.
public final class PhoneMetadata: @unchecked Sendable {
    public struct NumberType: Decodable, Sendable {
        let pattern: String
        let lengths: [Int]
    }

    public struct Region: Decodable, Sendable {
        let cc: Int
        let general: String
        let lengths: [Int]
        let localLengths: [Int]
        let types: [NumberType]
        let intl: String
        let nationalPrefix: String?
        let nppParsing: String?
        let nppTransform: String?
        let leadingDigits: String?
        /// Position in `PhoneMetadata.all`; keys the compiled patterns without hashing the pattern text.
        var index = 0

        private enum CodingKeys: String, CodingKey {
            case cc, general, lengths, localLengths, types, intl, nationalPrefix, nppParsing, nppTransform, leadingDigits
        }
    }

    /// The patterns of a region, by role; `.types(n)` is every number type that allows n digits, as one regex.
    public enum Slot: Hashable {
        case international, nationalPrefix, general, leadingDigits, types(length: Int)
    }

    private struct Table: Decodable {
        let version: String
        let regions: [String: Region]
        let codes: [String: [String]]
    }

    public static let shared = PhoneMetadata()

    public let version: String
    private let all: [Region]
    private let byName: [String: Int]
    /// Calling code → its regions, the main country first, as libphonenumber orders them.
    private let byCode: [Int: [Int]]
    private let lock = NSLock()
    private var compiled: [Key: NSRegularExpression] = [:]

    private struct Key: Hashable {
        let region: Int
        let slot: Slot
    }

    private init() {
        // The table is generated and checked by tests: failing to decode it is a build defect, not an input error.
        let table = try! JSONDecoder().decode(Table.self, from: Data(PhoneMetadataTable.json.utf8))
        var all: [Region] = []
        var byName: [String: Int] = [:]
        for (name, region) in table.regions.sorted(by: { $0.key < $1.key }) {
            var region = region
            region.index = all.count
            byName[name] = all.count
            all.append(region)
        }
        var byCode: [Int: [Int]] = [:]
        for (code, members) in table.codes {
            guard let code = Int(code) else { continue }
            byCode[code] = members.compactMap { byName[$0] }
        }
        (self.version, self.all, self.byName, self.byCode) = (table.version, all, byName, byCode)
    }

    public func region(_ code: String) -> Region? {
        byName[code.uppercased()].map { all[$0] }
    }

    /// The regions that share `callingCode`, the main country first; empty for codes no region uses.
    public func regions(callingCode: Int) -> [Region] {
        (byCode[callingCode] ?? []).map { all[$0] }
    }

    // MARK: Matching

    /// The whole of `digits` matches the region's pattern for `slot` (libphonenumber's matchesEntirely).
    public func matchesWhole(_ digits: String, _ slot: Slot, of region: Region) -> Bool {
        guard let regex = regex(slot, region, whole: true) else { return false }
        return regex.firstMatch(in: digits, options: [.anchored], range: NSRange(location: 0, length: digits.utf16.count)) != nil
    }

    /// The region's pattern for `slot` matches at the start of `digits` (Java's lookingAt, Python's re.match).
    public func matchAtStart(_ digits: String, _ slot: Slot, of region: Region) -> NSTextCheckingResult? {
        guard let regex = regex(slot, region, whole: false) else { return nil }
        return regex.firstMatch(in: digits, options: [.anchored], range: NSRange(location: 0, length: digits.utf16.count))
    }

    /// libphonenumber's national_prefix_transform_rule applied to a `matchAtStart(_, .nationalPrefix, _)` result.
    public func transform(_ digits: String, _ match: NSTextCheckingResult, of region: Region) -> String? {
        guard let template = region.nppTransform, let regex = regex(.nationalPrefix, region, whole: false) else { return nil }
        let replaced = regex.replacementString(for: match, in: digits, offset: 0, template: template)
        return replaced + (digits as NSString).substring(from: NSMaxRange(match.range))
    }

    private func regex(_ slot: Slot, _ region: Region, whole: Bool) -> NSRegularExpression? {
        // Whole and start-only uses never share a slot, so the key needs no `whole` bit.
        let key = Key(region: region.index, slot: slot)
        lock.lock()
        let cached = compiled[key]
        lock.unlock()
        if let cached { return cached }
        guard let source = pattern(slot, region) else { return nil }
        // Anchored by the match option at the start; `$` pins the end for whole matches.
        let regex = try? NSRegularExpression(pattern: whole ? "(?:\(source))$" : "(?:\(source))")
        if let regex {
            lock.lock()
            compiled[key] = regex
            lock.unlock()
        }
        return regex
    }

    private func pattern(_ slot: Slot, _ region: Region) -> String? {
        switch slot {
        case .international: return region.intl
        case .nationalPrefix: return region.nppParsing
        case .general: return region.general
        case .leadingDigits: return region.leadingDigits
        case let .types(length):
            // A type takes part only when its own possible lengths allow the number's length, as in
            // libphonenumber's isNumberMatchingDesc; one alternation keeps it to one regex call.
            let patterns = region.types.filter { $0.lengths.isEmpty || $0.lengths.contains(length) }.map { "(?:\($0.pattern))" }
            return patterns.isEmpty ? "(?!)" : patterns.joined(separator: "|")
        }
    }
}
