/// Text bound for a spreadsheet: a cell that starts like a formula (`=`, `+`, `-`, `@`, tab, carriage return)
/// is prefixed with an apostrophe so that no spreadsheet program runs it. Imports strip that prefix again.
enum SpreadsheetCell {
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    static func neutralized(_ text: String) -> String {
        guard let first = text.first, formulaStarts.contains(first) else { return text }
        return "'" + text
    }

    /// The value an export neutralized, restored: `'+4930…` → `+4930…`.
    static func restored(_ text: String) -> String {
        guard text.hasPrefix("'"), let second = text.dropFirst().first, formulaStarts.contains(second) else { return text }
        return String(text.dropFirst())
    }
}
