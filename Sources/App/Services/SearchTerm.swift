import SQLKit

/// One search term over name, email and phone: case-insensitive substring, and phone fragments by digits
/// (`(415) 555` finds `+14155552671`).
struct SearchTerm {
    /// What is looked for: the digits of a phone-like term, else the term itself.
    let text: String

    init(_ raw: String) {
        let digits = raw.filter(\.isNumber)
        let phoneLike = digits.count >= 3 && raw.allSatisfy { $0.isNumber || " +()-./".contains($0) }
        text = phoneLike ? digits : CustomerRules.searchFold(raw)
    }

    /// The trigram index needs three characters; shorter terms are scanned.
    var usesIndex: Bool { text.count >= 3 }

    func condition(dialect: SQLDialectKind) -> SQLQueryString {
        if dialect == .sqlite, usesIndex {
            let phrase = "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            return "customers_fts MATCH \(bind: phrase)"
        }
        let pattern = "%" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
        return """
            customers.search_name LIKE \(bind: pattern) ESCAPE '\\' OR customers.email LIKE \(bind: pattern) ESCAPE '\\' \
            OR customers.phone LIKE \(bind: pattern) ESCAPE '\\'
            """
    }
}
