import Foundation
import Synchronization

/// libphonenumber's per-region rules, decoded once from the generated table.
struct PhoneMetadata: Sendable {
    struct Region: Decodable, Sendable {
        let cc: Int
        let general: String
        let lengths: [Int]
        let types: String
        let intl: String?
        let npp: String?
        let npt: String?
    }

    private struct Table: Decodable {
        let regions: [String: Region]
        let codes: [String: [String]]
    }

    let regions: [String: Region]
    /// Calling code → its regions, the main country first.
    let regionsByCode: [Int: [Region]]

    static let shared: PhoneMetadata = {
        let table = try! JSONDecoder().decode(Table.self, from: Data(PhoneMetadataTable.json.utf8))
        var byCode: [Int: [Region]] = [:]
        for (code, members) in table.codes {
            byCode[Int(code)!] = members.compactMap { table.regions[$0] }
        }
        return PhoneMetadata(regions: table.regions, regionsByCode: byCode)
    }()
}

/// Compiled patterns, shared by every request: compiling is the slow part, matching is thread-safe.
final class PhonePatterns: Sendable {
    static let shared = PhonePatterns()
    private let cache = Mutex<[String: NSRegularExpression]>([:])

    private struct Compiled: @unchecked Sendable { let regex: NSRegularExpression }

    func regex(_ pattern: String, anchoredWhole: Bool) -> NSRegularExpression {
        let key = (anchoredWhole ? "W" : "S") + pattern
        if let cached = cache.withLock({ $0[key] }) { return cached }
        let source = anchoredWhole ? "^(?:\(pattern))$" : "^(?:\(pattern))"
        let compiled = (try? NSRegularExpression(pattern: source)) ?? (try! NSRegularExpression(pattern: "(?!)"))
        cache.withLock { $0[key] = compiled }
        return compiled
    }

    /// The whole of `text` matches `pattern`.
    func matchesWhole(_ pattern: String, _ text: String) -> Bool {
        let regex = regex(pattern, anchoredWhole: true)
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// `pattern` matches a prefix of `text` (Java's lookingAt).
    func prefixMatch(_ pattern: String, _ text: String) -> NSTextCheckingResult? {
        let regex = regex(pattern, anchoredWhole: false)
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
    }
}
