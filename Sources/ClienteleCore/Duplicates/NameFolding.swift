import Foundation

/// A person's name as comparable words: case, accents, punctuation, titles and nicknames put aside.
public struct FoldedName: Sendable, Equatable {
    /// The words as written, folded (lower case, no diacritics), titles dropped, in their order.
    public let words: [String]
    /// `words` with each nickname replaced by its full name (Bob → robert).
    public let canonical: [String]
    /// The family name and the first given name's initial ("smith j"), when the name has both.
    public let familyAndInitial: String?

    public init(_ name: String) {
        let folded = Self.fold(name)
        // "Smith, John": the family name comes first.
        let parts = folded.split(separator: ",", maxSplits: 1).map(String.init)
        var words = Self.words(of: parts.first ?? "")
        var familyIndex: Int? = nil
        if parts.count == 2 {
            let given = Self.words(of: parts[1])
            if !words.isEmpty, !given.isEmpty { familyIndex = words.count - 1 }
            words += given
        }
        self.words = words
        canonical = words.map(Nicknames.canonical)
        let full = words.indices.filter { words[$0].count >= 2 }
        if familyIndex == nil, words.count >= 2 {
            // The last full word, else (everything an initial) none; "Smith J." reads as family name first.
            familyIndex = full.last.map { last in last == words.count - 1 || words.last!.count > 1 ? last : full.first! }
        }
        if let familyIndex, words[familyIndex].count >= 2,
           let given = words.indices.first(where: { $0 != familyIndex }) {
            familyAndInitial = words[familyIndex] + " " + String(canonical[given].prefix(1))
        } else {
            familyAndInitial = nil
        }
    }

    /// Lower case without accents, with the letters folding leaves alone spelled out (ø → o, ß → ss).
    public static func fold(_ text: String) -> String {
        let base = text.foldedLowercase([.caseInsensitive, .diacriticInsensitive, .widthInsensitive])
        guard base.unicodeScalars.contains(where: { !$0.isASCII }) else { return base }
        var out = ""
        out.reserveCapacity(base.utf8.count)
        for character in base { out += extraFolds[character] ?? String(character) }
        return out
    }

    private static let extraFolds: [Character: String] = [
        "ø": "o", "ł": "l", "đ": "d", "ð": "d", "æ": "ae", "œ": "oe", "ß": "ss", "þ": "th", "ı": "i", "ħ": "h",
    ]

    /// Titles and honorifics that say nothing about who the person is.
    static let titles: Set<String> = [
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam", "sig", "sigra", "dott", "dssa", "avv", "herr",
        "frau", "sra", "srta", "mme", "mlle",
    ]

    /// Words of folded text: letters and digits; apostrophes join (O'Brien → obrien), everything else separates;
    /// leading titles go ("Dr. Anna Rossi"), unless nothing else is left.
    static func words(of folded: String) -> [String] {
        var words: [String] = []
        var current = ""
        func flush() {
            if !current.isEmpty { words.append(current) }
            current = ""
        }
        for character in folded {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if character == "'" || character == "’" || character == "`" {
                continue
            } else {
                flush()
            }
        }
        flush()
        let leadingTitles = words.prefix { titles.contains($0) }.count
        return leadingTitles < words.count ? Array(words.dropFirst(leadingTitles)) : words
    }
}
