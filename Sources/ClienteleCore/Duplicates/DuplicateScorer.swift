import Foundation

/// Whether two customers look like the same person. The rule (SPEC, "Segments, duplicates and merge"): the same or a
/// similar name, and besides at least one shared contact — the same phone, the same mailbox or a similar email local
/// part, or the same address. A name alone never matches (two John Smiths are two people until something else agrees),
/// nor does a shared contact with a different name (a family's landline, a shared address).
public enum DuplicateScorer {
    public struct Verdict: Sendable, Equatable {
        /// 0–100: how sure.
        public let score: Int
        /// Short machine words, strongest first: `same_name`, `similar_name`, `same_phone`, `same_email`,
        /// `similar_email`, `same_address`.
        public let reasons: [String]
        public let isMatch: Bool
    }

    /// Points per reason, capped at 100; each contact both records hold and disagree on costs `conflict`.
    public enum Weight {
        public static let sameName = 50, similarName = 40
        public static let samePhone = 30, sameEmail = 30, similarEmail = 15, sameAddress = 20
        public static let conflict = 10
    }

    public static func compare(_ a: DuplicateProfile, _ b: DuplicateProfile) -> Verdict {
        var reasons: [String] = []
        var score = 0
        switch NameSimilarity.compare(a.name, b.name) {
        case .same: reasons.append("same_name"); score += Weight.sameName
        case .similar: reasons.append("similar_name"); score += Weight.similarName
        case .different: break
        }
        let nameScore = score
        var conflicts = 0
        if let pa = a.phoneKey, let pb = b.phoneKey {
            if pa == pb { reasons.append("same_phone"); score += Weight.samePhone } else { conflicts += 1 }
        }
        if let ea = a.emailKey, let eb = b.emailKey, ea == eb {
            reasons.append("same_email"); score += Weight.sameEmail
        } else if let la = a.emailLocal, let lb = b.emailLocal, la == lb {
            reasons.append("similar_email"); score += Weight.similarEmail
        } else if a.emailKey != nil, b.emailKey != nil {
            conflicts += 1
        }
        if a.sharesAddress(with: b) { reasons.append("same_address"); score += Weight.sameAddress }
        let evidence = score - nameScore
        let isMatch = nameScore > 0 && evidence > 0
        guard isMatch else { return Verdict(score: 0, reasons: reasons, isMatch: false) }
        return Verdict(score: max(1, min(100, score - conflicts * Weight.conflict)), reasons: reasons, isMatch: true)
    }
}
