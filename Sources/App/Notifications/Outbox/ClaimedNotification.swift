import Foundation
import SQLKit

/// A notification a worker holds under its lease: what it needs to deliver it.
struct ClaimedNotification: Sendable {
    let id: UUID
    let kind: String
    let channel: NotificationChannel
    let recipient: String
    let subject: String?
    let body: String
    let html: String?
    let unsubscribeToken: String?
    /// This attempt's number, from 1.
    let attempt: Int
    let maxAttempts: Int

    static let columns = "id, kind, channel, recipient, subject, body, html, unsubscribe_token, attempts, max_attempts"

    init?(row: any SQLRow) throws {
        guard let channel = NotificationChannel(rawValue: try row.decode(column: "channel", as: String.self)),
              let recipient = try row.decode(column: "recipient", as: String?.self)
        else { return nil }
        id = try row.decode(column: "id", as: UUID.self)
        kind = try row.decode(column: "kind", as: String.self)
        self.channel = channel
        self.recipient = recipient
        subject = try row.decode(column: "subject", as: String?.self)
        body = try row.decode(column: "body", as: String.self)
        html = try row.decode(column: "html", as: String?.self)
        unsubscribeToken = try row.decode(column: "unsubscribe_token", as: String?.self)
        attempt = try row.decode(column: "attempts", as: Int.self)
        maxAttempts = try row.decode(column: "max_attempts", as: Int.self)
    }
}

/// How one delivery attempt ended.
enum DeliveryOutcome: Sendable, Equatable {
    case sent
    /// The provider may take it later (an outage, a timeout, a 4xx SMTP reply, an HTTP 5xx or 429).
    case retry(String)
    /// The provider refused it for good (a refused address or phone): retrying would not help.
    case failed(String)
    /// Not tried: its claim had run long, so it goes back to the queue as it was, for any worker.
    case released
}
