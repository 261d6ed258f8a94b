import Foundation

/// One email to one recipient: what the outbox hands the SMTP client.
public struct MailMessage: Sendable {
    public var from: String?
    public var to: String
    public var subject: String
    public var text: String
    public var html: String?
    /// Without angle brackets, e.g. `0193…@clientele`: derived from the notification id, so a receiver can tell a resend.
    public var messageID: String
    /// Extra headers in order, e.g. `List-Unsubscribe`.
    public var headers: [(name: String, value: String)]
    public var date: Date

    public init(from: String? = nil, to: String, subject: String, text: String, html: String? = nil, messageID: String,
                headers: [(name: String, value: String)] = [], date: Date = Date()) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.messageID = messageID
        self.headers = headers
        self.date = date
    }
}
