import Foundation

/// How alike two names are. `same`: the same words whatever their case, accents, punctuation or order. `similar`:
/// alike once nicknames are written out (Bob = Robert), an initial stands for a name (J. = John), a middle name is
/// left out, or words are joined (Mary Jane = Maryjane). Anything else — another first name, a longer or shorter
/// family name (Rossi, Rossini) — is `different`.
public enum NameSimilarity: Sendable, Equatable {
    case same, similar, different

    public static func compare(_ a: String, _ b: String) -> NameSimilarity { compare(FoldedName(a), FoldedName(b)) }

    public static func compare(_ a: FoldedName, _ b: FoldedName) -> NameSimilarity {
        guard !a.words.isEmpty, !b.words.isEmpty else { return .different }
        if a.words.sorted() == b.words.sorted() { return .same }
        if a.canonical.sorted() == b.canonical.sorted() { return .similar }
        if a.words.count != b.words.count, a.words.joined() == b.words.joined() { return .similar }
        return alikeWordByWord(a, b) ? .similar : .different
    }

    /// The full words both share set aside, every word left must be an initial of a word left on the other side — or,
    /// when two or more full words are shared, a middle name the other leaves out.
    private static func alikeWordByWord(_ a: FoldedName, _ b: FoldedName) -> Bool {
        var restA = Array(zip(a.words, a.canonical)), restB = Array(zip(b.words, b.canonical))
        var shared = 0
        for index in restA.indices.reversed() where restA[index].1.count >= 2 {
            if let match = restB.firstIndex(where: { $0.1 == restA[index].1 }) {
                restA.remove(at: index)
                restB.remove(at: match)
                shared += 1
            }
        }
        guard shared >= 1 else { return false }
        // Initials on either side, each taking one full word of the other that starts with it (as written or in full).
        func takeInitials(_ initials: inout [(String, String)], _ names: inout [(String, String)]) {
            for index in initials.indices.reversed() where initials[index].0.count == 1 {
                let letter = initials[index].0
                if let match = names.firstIndex(where: { $0.0.count >= 2 && ($0.0.hasPrefix(letter) || $0.1.hasPrefix(letter)) }) {
                    initials.remove(at: index)
                    names.remove(at: match)
                }
            }
        }
        var usedInitial = restA.count + restB.count
        takeInitials(&restA, &restB)
        takeInitials(&restB, &restA)
        usedInitial -= restA.count + restB.count
        if restA.isEmpty && restB.isEmpty { return true }
        // A middle name left out: only on one side, neither first nor last of that name, the rest all shared.
        guard shared >= 2, restA.isEmpty != restB.isEmpty, usedInitial == 0 else { return false }
        let (longer, rest) = restA.isEmpty ? (b, restB) : (a, restA)
        let ends = Set([longer.words.first!, longer.words.last!])
        return rest.allSatisfy { !ends.contains($0.0) && !generational.contains($0.0) }
    }

    /// Words that tell a father from a son.
    private static let generational: Set<String> = ["jr", "junior", "sr", "senior", "ii", "iii", "iv"]
}
