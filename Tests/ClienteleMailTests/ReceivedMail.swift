/// One line of smtp_server.py's output: a message as the server accepted it, and as Python's email module reads it.
struct ReceivedMail: Decodable {
    let n: Int
    /// Which connection (1-based, in order of opening) carried it, and how many had been opened by then.
    let connection: Int
    let connections: Int
    /// QUIT commands the server had received by then.
    let quits: Int
    let mailFrom: String
    let rcptTos: [String]
    let mailOptions: [String]
    let tls: Bool
    let authLogin: String?
    let messageId: String?
    let raw: String?
    let parsed: Parsed?

    struct Parsed: Decodable {
        let contentType: String
        let headers: [[String]]
        let parts: [Part]
        let defects: [String]
    }

    struct Part: Decodable {
        let contentType: String
        let charset: String?
        let transferEncoding: String?
        /// Decoded text, with the wire's CRLF line ends.
        let content: String

        /// The text with LF line ends and no trailing line end, to compare with what was sent.
        var text: String {
            var text = content.replacingOccurrences(of: "\r\n", with: "\n")
            while text.hasSuffix("\n") { text.removeLast() }
            return text
        }
    }

    /// A header as Python decodes it (encoded-words decoded, folding undone); the first of that name.
    func header(_ name: String) -> String? {
        parsed?.headers.first { $0.first?.lowercased() == name.lowercased() }?.last
    }

    /// The raw header lines, folding kept.
    var rawHeaderBlock: String {
        String(raw?.components(separatedBy: "\r\n\r\n").first ?? "")
    }
}
