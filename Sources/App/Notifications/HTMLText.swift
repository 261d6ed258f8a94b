import Foundation

/// The plain-text part of an HTML email: paragraphs and line breaks kept, links written out, tags dropped, entities
/// decoded (values were escaped in the HTML, so a `<` a customer typed comes back as `<`).
enum HTMLText {
    static func plain(_ html: String) -> String {
        var text = html.replacingOccurrences(of: "\r\n", with: "\n")
        text = replace(#"<a\s[^>]*href\s*=\s*"([^"]*)"[^>]*>(.*?)</a>"#, in: text, with: "$2 ($1)")
        text = replace(#"(?i)<br\s*/?>"#, in: text, with: "\n")
        text = replace(#"(?i)</(p|div|h[1-6]|li|tr)>"#, in: text, with: "\n\n")
        text = replace(#"<[^>]+>"#, in: text, with: "")
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&nbsp;", " "), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var result: [String] = []
        for line in lines where !(line.isEmpty && (result.last?.isEmpty ?? true)) { result.append(line) }
        while result.last?.isEmpty == true { result.removeLast() }
        return result.joined(separator: "\n")
    }

    private static func replace(_ pattern: String, in text: String, with template: String) -> String {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else { return text }
        return regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }
}
