import Fluent
import Foundation

/// One message to one customer on one channel (`notifications`): written in the transaction of the event that causes
/// it, then delivered by the outbox workers. `recipient`, `subject` and `body` are what was (or will be) sent, fixed
/// when it was written: a later change of the customer's contact details changes future notifications only.
final class OutboxNotification: Model, @unchecked Sendable {
    static let schema = "notifications"

    @ID(key: .id) var id: UUID?
    @OptionalField(key: "seq") var seq: Int?
    @Field(key: "organization_id") var organizationID: UUID
    @OptionalField(key: "customer_id") var customerID: UUID?
    @OptionalField(key: "task_id") var taskID: UUID?
    /// `transactional` (the matrix's task events) or `marketing`.
    @Field(key: "kind") var kind: String
    @Field(key: "event") var event: String
    @Field(key: "channel") var channel: String
    @Field(key: "status") var status: String
    @OptionalField(key: "recipient") var recipient: String?
    @OptionalField(key: "subject") var subject: String?
    /// The plain text: an SMS, an in-app message, or an email's text part.
    @Field(key: "body") var body: String
    /// An email's HTML part, values escaped.
    @OptionalField(key: "html") var html: String?
    @Field(key: "attempts") var attempts: Int
    @Field(key: "max_attempts") var maxAttempts: Int
    @OptionalField(key: "last_error") var lastError: String?
    @OptionalField(key: "skip_reason") var skipReason: String?
    /// A marketing email's one-click unsubscribe secret.
    @OptionalField(key: "unsubscribe_token") var unsubscribeToken: String?
    @OptionalField(key: "next_attempt_at") var nextAttemptAt: Date?
    @OptionalField(key: "lease_until") var leaseUntil: Date?
    @OptionalField(key: "lease_owner") var leaseOwner: String?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "sent_at") var sentAt: Date?
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

extension OutboxNotification: TenantModel {}

extension OutboxNotification {
    /// `account`: an email carrying a single-use link (a client's invitation or email confirmation), kept out of the
    /// staff's notification lists, its words dropped once sent; `client`: a task event emailed to a courier's client.
    enum Kind: String { case transactional, marketing, account, client }

    /// The row of a new notification, without Fluent's reflection (a move writes up to three, a campaign thousands).
    var insertRow: RowInsert {
        var row = RowInsert(into: Self.schema)
        row.set("id", id!)
        row.set("organization_id", organizationID)
        row.set("customer_id", customerID)
        row.set("task_id", taskID)
        row.set("kind", kind)
        row.set("event", event)
        row.set("channel", channel)
        row.set("status", status)
        row.set("recipient", recipient)
        row.set("subject", subject)
        row.set("body", body)
        row.set("html", html)
        row.set("attempts", attempts)
        row.set("max_attempts", maxAttempts)
        row.set("last_error", lastError)
        row.set("skip_reason", skipReason)
        row.set("unsubscribe_token", unsubscribeToken)
        row.set("next_attempt_at", nextAttemptAt)
        row.set("lease_until", leaseUntil)
        row.set("lease_owner", leaseOwner)
        row.set("created_at", createdAt)
        row.set("sent_at", sentAt)
        row.set("updated_at", updatedAt)
        return row
    }
}
