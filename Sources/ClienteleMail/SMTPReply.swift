/// One SMTP reply: a three-digit code and its text lines (one, or several for `250-…` replies).
struct SMTPReply: Sendable, Equatable {
    let code: Int
    /// The text after `250-` / `250 ` on each line.
    let lines: [String]

    var isPositive: Bool { (200..<400).contains(code) }

    /// The lines joined, for error descriptions.
    var text: String { lines.joined(separator: " / ") }

    /// Throws the reply as `SMTPError.rejected` unless its code is one of `expected`.
    func expect(_ expected: Int..., for command: String) throws(SMTPError) {
        guard expected.contains(code) else { throw .rejected(command: command, code: code, text: text) }
    }
}
