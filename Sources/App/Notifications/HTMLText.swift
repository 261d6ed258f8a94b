import Foundation

/// The plain-text part of an HTML email: paragraphs and line breaks kept, links written out, tags dropped, entities
/// decoded (values were escaped in the HTML, so a `<` a customer typed comes back as `<`).
enum HTMLText {
    // Compiled once: a task move renders an email, and compiling these took longer than the rest of it.
    nonisolated(unsafe) private static let link = regex(#"<a\s[^>]*href\s*=\s*"([^"]*)"[^>]*>(.*?)</a>"#)
    nonisolated(unsafe) private static let lineBreak = regex(#"(?i)<br\s*/?>"#)
    nonisolated(unsafe) private static let blockEnd = regex(#"(?i)</(p|div|h[1-6]|li|tr)>"#)
    nonisolated(unsafe) private static let tag = regex(#"<[^>]+>"#)

    static func plain(_ html: String) -> String {
        var text = html.replacingOccurrences(of: "\r\n", with: "\n")
        text = replace(link, in: text, with: "$2 ($1)")
        text = replace(lineBreak, in: text, with: "\n")
        text = replace(blockEnd, in: text, with: "\n\n")
        text = replace(tag, in: text, with: "")
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&nbsp;", " "), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var result: [String] = []
        for line in lines where !(line.isEmpty && (result.last?.isEmpty ?? true)) { result.append(line) }
        while result.last?.isEmpty == true { result.removeLast() }
        return result.joined(separator: "\n")
    }

    private static func regex(_ pattern: String) -> NSRegularExpression {
        try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
    }

    private static func replace(_ regex: NSRegularExpression, in text: String, with template: String) -> String {
        regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }
}
