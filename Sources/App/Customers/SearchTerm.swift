import SQLKit

/// One search term over name, email and phone: case-insensitive substring, and phone fragments by digits
/// (`(415) 555` finds `+14155552671`).
struct SearchTerm {
    /// What is looked for: the digits of a phone-like term, else the term itself.
    let text: String
    /// True when the term is a fragment of a phone number, looked for by its digits.
    let isPhoneDigits: Bool

    init(_ raw: String) {
        let digits = raw.filter(\.isNumber)
        isPhoneDigits = digits.count >= 3 && raw.allSatisfy { $0.isNumber || " +()-./".contains($0) }
        text = isPhoneDigits ? digits : CustomerRules.searchFold(raw)
    }

    /// The trigram index needs three characters; shorter terms are scanned.
    var usesIndex: Bool { text.count >= 3 }

    /// Seven digits or more of a phone number, as a dispatcher types from a caller's number: each of its five or more
    /// trigrams is a rare one among phone numbers, and the index answers about as fast as a read by key (a millisecond
    /// at a million customers), so the page is read on the calling thread (see `SQLRows.all`).
    var isSelectivePhoneFragment: Bool { isPhoneDigits && text.count >= 7 }

    /// The match over name, phone and, unless the caller may not see emails (an agent), email: a hidden value must
    /// not be probed by substring.
    func condition(dialect: SQLDialectKind, includesEmail: Bool = true) -> SQLQueryString {
        if dialect == .sqlite, usesIndex {
            let phrase = "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            return "customers_fts MATCH \(bind: includesEmail ? phrase : "{search_name phone} : " + phrase)"
        }
        return rowCondition(includesEmail: includesEmail)
    }

    /// The query of `customers_name_order` (FTS5 with `detail=none`, which has no phrases): every trigram of the term.
    /// It also matches an entry that has them all apart, so each match is tested on its row too (`rowCondition`).
    /// nil for a term shorter than a trigram.
    var trigramMatch: String? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 3 else { return nil }
        var trigrams: [String] = []
        for start in 0...(scalars.count - 3) {
            var trigram = String.UnicodeScalarView()
            trigram.append(contentsOf: scalars[start..<(start + 3)])
            let quoted = "\"" + String(trigram).replacingOccurrences(of: "\"", with: "\"\"") + "\""
            if !trigrams.contains(quoted) { trigrams.append(quoted) }
        }
        return trigrams.joined(separator: " AND ")
    }

    /// The same match tested on a row's own columns (substring, case-insensitive): for short terms, and for a dense term
    /// whose matches are found by walking the sort order (`CustomerSearch.walk`).
    func rowCondition(includesEmail: Bool = true) -> SQLQueryString {
        let pattern = "%" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
        let email: SQLQueryString = includesEmail ? " OR customers.email LIKE \(bind: pattern) ESCAPE '\\'" : ""
        return "customers.search_name LIKE \(bind: pattern) ESCAPE '\\' OR customers.phone LIKE \(bind: pattern) ESCAPE '\\'" + email
    }
}
