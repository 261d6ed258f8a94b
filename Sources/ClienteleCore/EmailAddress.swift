import Foundation

/// A syntactically valid address (RFC 5321 limits, a dotted domain), trimmed and lower-cased.
public struct EmailAddress: Sendable, Equatable {
    public let value: String

    public init?(_ raw: String) {
        let email = raw.trimmed.lowercased()
        guard email.utf8.count <= 254, let at = email.lastIndex(of: "@") else { return nil }
        let local = email[..<at]
        let domain = email[email.index(after: at)...]
        guard (1...64).contains(local.utf8.count), Self.isLocalPart(local), Self.isDomain(domain) else { return nil }
        value = email
    }

    private static let localCharacters = Set("abcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+/=?^_`{|}~-.")

    private static func isLocalPart(_ local: Substring) -> Bool {
        !local.hasPrefix(".") && !local.hasSuffix(".") && !local.contains("..")
            && local.allSatisfy { localCharacters.contains($0) || (!$0.isASCII && !$0.isWhitespace) }
    }

    private static func isDomain(_ domain: Substring) -> Bool {
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, domain.utf8.count <= 253 else { return false }
        return labels.allSatisfy { label in
            (1...63).contains(label.utf8.count) && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
        } && !(labels.last!.allSatisfy(\.isNumber))
    }
}
