import Foundation

/// Limits and normal forms of the customer record's fields.
enum CustomerRules {
    static let maxName = 200
    static let maxPersonName = 100
    static let maxNotes = 10_000
    static let maxTags = 50
    static let maxTagLength = 50
    static let maxCustomFields = 50
    static let maxCustomFieldText = 1_000
    static let maxExternalID = 100
    static let duplicateContact = "Phone or email is already used"
    static let duplicateName = "A customer with this name already exists"

    /// The sort and uniqueness key of a name: trimmed, single-spaced, case-folded.
    static func nameKey(_ name: String) -> String {
        name.split(whereSeparator: \.isWhitespace).joined(separator: " ").foldedLowercase([.caseInsensitive])
    }

    /// Lower case without diacritics, so that `zoe` finds "Zoë" on either database.
    static func searchFold(_ text: String) -> String {
        text.foldedLowercase([.caseInsensitive, .diacriticInsensitive])
    }

    static func isCustomFieldKey(_ key: String) -> Bool {
        (1...64).contains(key.count) && key.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "_" }
    }

    static func isChannelName(_ source: String) -> Bool {
        (1...50).contains(source.count)
            && source.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || "_-.".contains($0) }
    }

    static func encodeTags(_ tags: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(tags)) ?? Data("[]".utf8), as: UTF8.self)
    }

    /// The stored tags. They are written by `encodeTags`, so a list without escapes (`["vip","b2b"]`) is split
    /// directly; anything else goes through the JSON decoder.
    static func decodeTags(_ json: String) -> [String] {
        let utf8 = json.utf8
        if utf8.first == UInt8(ascii: "["), utf8.last == UInt8(ascii: "]"), !utf8.contains(UInt8(ascii: "\\")) {
            let inner = json.dropFirst().dropLast()
            if inner.isEmpty { return [] }
            let parts = inner.split(separator: ",", omittingEmptySubsequences: false)
            if parts.allSatisfy({ $0.count >= 2 && $0.first == "\"" && $0.last == "\"" && !$0.dropFirst().dropLast().contains("\"") }) {
                return parts.map { String($0.dropFirst().dropLast()) }
            }
        }
        return (try? JSONDecoder().decode([String].self, from: Data(utf8))) ?? []
    }

    static func encodeCustomFields(_ fields: [String: CustomFieldValue]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(fields)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func decodeCustomFields(_ json: String) -> [String: CustomFieldValue] {
        (try? JSONDecoder().decode([String: CustomFieldValue].self, from: Data(json.utf8))) ?? [:]
    }

    static let languageCodes: Set<String> = Set(
        Locale.LanguageCode.isoLanguageCodes.map(\.identifier).filter { $0.count == 2 })
}
