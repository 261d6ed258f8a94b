/// A fragment of HTML built in Swift. Text and attribute values are always escaped when they enter, so a
/// value typed by a user can never become markup. (Plot was the first choice, but its 0.14.0 writes attribute
/// values verbatim — a `"` in a kept form value would end the attribute — so the views use this small builder.)
struct HTML: Sendable {
    private(set) var rendered: String

    private init(rendered: String) { self.rendered = rendered }

    static let empty = HTML(rendered: "")

    static func text(_ text: String) -> HTML { HTML(rendered: escape(text)) }

    /// A number drawn into SVG attributes.
    static func number(_ value: Double) -> String { String(format: "%.1f", value) }

    static func group(_ parts: [HTML]) -> HTML { HTML(rendered: parts.map(\.rendered).joined()) }

    /// `<tag attr="value"…>children</tag>`; a nil attribute value leaves the attribute out.
    static func element(_ tag: StaticString, _ attributes: KeyValuePairs<String, String?> = [:], _ children: [HTML] = []) -> HTML {
        HTML(rendered: "<\(tag)\(render(attributes))>" + children.map(\.rendered).joined() + "</\(tag)>")
    }

    /// An element without content: `<input …>`, `<meta …>`.
    static func void(_ tag: StaticString, _ attributes: KeyValuePairs<String, String?>) -> HTML {
        HTML(rendered: "<\(tag)\(render(attributes))>")
    }

    static func document(_ root: HTML) -> String { "<!doctype html>\n" + root.rendered }

    /// `""` when the condition holds (a present boolean attribute), else nil (left out).
    static func flag(_ on: Bool) -> String? { on ? "" : nil }

    private static func render(_ attributes: KeyValuePairs<String, String?>) -> String {
        var out = ""
        for (name, value) in attributes {
            guard let value else { continue }
            out += " \(name)=\"\(escape(value))\""
        }
        return out
    }

    static func escape(_ text: String) -> String {
        // Most texts have nothing to escape: answered as they are, without building a copy.
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
            || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }) {
            return text
        }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
