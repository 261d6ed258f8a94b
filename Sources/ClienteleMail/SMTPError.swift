/// Why a send failed, split so the outbox knows whether to retry: see `isPermanent`.
///
/// The description is stored as a notification's `last_error`: it carries the SMTP code and text but never a password
/// (AUTH is named by mechanism only) and never the settings URL.
public enum SMTPError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The server answered `command` (e.g. `RCPT TO`, `end of DATA`, `AUTH PLAIN`) with a reply it did not expect.
    case rejected(command: String, code: Int, text: String)
    /// No connection could be made: refused, unreachable, unknown host.
    case connectionFailed(String)
    /// The connection was closed or reset during the conversation.
    case connectionLost(String)
    /// Connecting, or waiting for a reply, took longer than the settings allow.
    case timeout(String)
    /// The TLS handshake failed, the certificate was not trusted, or TLS was required and not offered.
    case tls(String)
    /// The server sent something that is not an SMTP reply.
    case protocolViolation(String)
    /// The message itself is unsendable (header injection, a bad address): nothing was sent.
    case invalidMessage(String)
    /// The message is larger than the server's announced SIZE limit.
    case messageTooLarge(size: Int, limit: Int)
    /// The SMTP URL or another setting is wrong.
    case invalidSettings(String)
    /// The mailer was shut down before this send got a connection.
    case shutDown

    /// True when sending the same message again cannot succeed: the recipient or the message was refused (a 5xx reply
    /// to MAIL FROM, RCPT TO or DATA), or the message is invalid or too large. 4xx replies, connection trouble,
    /// timeouts, TLS and authentication failures (530, 534, 535, 538: a configuration that may be fixed) are transient.
    public var isPermanent: Bool {
        switch self {
        case .rejected(let command, let code, _):
            let transaction: Set<String> = ["MAIL FROM", "RCPT TO", "DATA", "end of DATA"]
            return (500..<600).contains(code) && transaction.contains(command) && ![530, 534, 535, 538].contains(code)
        case .invalidMessage, .messageTooLarge:
            return true
        case .connectionFailed, .connectionLost, .timeout, .tls, .protocolViolation, .invalidSettings, .shutDown:
            return false
        }
    }

    /// The SMTP reply code, when the server gave one.
    public var code: Int? {
        if case .rejected(_, let code, _) = self { return code }
        return nil
    }

    public var description: String {
        switch self {
        case .rejected(let command, let code, let text):
            return "SMTP \(code) in reply to \(command): \(text)"
        case .connectionFailed(let detail): return "SMTP connection failed: \(detail)"
        case .connectionLost(let detail): return "SMTP connection lost: \(detail)"
        case .timeout(let detail): return "SMTP timeout: \(detail)"
        case .tls(let detail): return "SMTP TLS failure: \(detail)"
        case .protocolViolation(let detail): return "SMTP protocol violation: \(detail)"
        case .invalidMessage(let detail): return "invalid email: \(detail)"
        case .messageTooLarge(let size, let limit):
            return "email of \(size) bytes is larger than the server's limit of \(limit) bytes"
        case .invalidSettings(let detail): return "invalid SMTP settings: \(detail)"
        case .shutDown: return "the SMTP mailer has been shut down"
        }
    }

    /// After this error the connection is still in step with the server (it answered, and not with 421, or nothing was
    /// sent), so the pool may keep it; RSET starts the next transaction cleanly.
    var keepsConnection: Bool {
        switch self {
        case .rejected(let command, let code, _): return code != 421 && command != "RSET"
        case .messageTooLarge, .invalidMessage: return true  // refused before anything was sent
        default: return false
        }
    }
}
