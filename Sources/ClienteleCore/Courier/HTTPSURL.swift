import Foundation

/// A link a page may load or show: `https` only, with a host, at most 2,000 characters, no spaces or quotes.
public enum HTTPSURL {
    public static func isValid(_ text: String) -> Bool {
        guard text.count <= 2_000, !text.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "'" || $0 == "<" || $0 == ">" }),
              let components = URLComponents(string: text), components.scheme?.lowercased() == "https",
              let host = components.host, !host.isEmpty, components.user == nil, components.password == nil
        else { return false }
        return true
    }
}
