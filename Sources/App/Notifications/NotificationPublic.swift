import Vapor

extension OutboxNotification {
    /// A notification as the API shows it (SPEC "Notifications").
    struct Public: Content {
        let id: UUID
        @NullEncoded var customerId: UUID?
        @NullEncoded var taskId: UUID?
        let kind: String
        let event: String
        let channel: String
        let status: String
        @NullEncoded var to: String?
        @NullEncoded var subject: String?
        let body: String
        @NullEncoded var html: String?
        let attempts: Int
        @NullEncoded var lastError: String?
        @NullEncoded var skipReason: String?
        @NullEncoded var nextAttemptAt: Date?
        let createdAt: Date
        @NullEncoded var sentAt: Date?

        enum CodingKeys: String, CodingKey {
            case id, kind, event, channel, status, to, subject, body, html, attempts
            case customerId = "customer_id", taskId = "task_id", lastError = "last_error", skipReason = "skip_reason"
            case nextAttemptAt = "next_attempt_at", createdAt = "created_at", sentAt = "sent_at"
        }

        init(_ n: OutboxNotification) {
            id = n.id!
            customerId = n.customerID
            taskId = n.taskID
            kind = n.kind
            event = n.event
            channel = n.channel
            status = n.status
            to = n.recipient
            subject = n.subject
            body = n.body
            html = n.html
            attempts = n.attempts
            lastError = n.lastError
            skipReason = n.skipReason
            nextAttemptAt = n.status == NotificationStatus.queued.rawValue ? n.nextAttemptAt : nil
            createdAt = n.createdAt
            sentAt = n.sentAt
        }
    }
}
