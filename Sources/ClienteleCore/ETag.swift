import Foundation

/// Record versions as strong entity tags (`"3"`), and `If-Match` read back into a version.
public enum ETag {
    public static func value(_ version: Int) -> String { "\"\(version)\"" }

    public enum IfMatch: Equatable {
        case any
        case version(Int)
    }

    /// `"3"`, `W/"3"` or a bare `3`; `*` matches any version. Nil when the header is unreadable.
    public static func parse(_ header: String) -> IfMatch? {
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        if trimmed == "*" { return .any }
        var text = trimmed.hasPrefix("W/") ? String(trimmed.dropFirst(2)) : trimmed
        if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
        return Int(text).map(IfMatch.version)
    }

    public static func version(inJSON body: String) -> Int? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else { return nil }
        return object["version"] as? Int
    }
}
