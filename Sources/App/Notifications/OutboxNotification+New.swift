import Foundation

extension OutboxNotification {
    /// A notification of `event` on `channel`, its words rendered, not yet addressed.
    static func new(organizationID: UUID, kind: Kind, event: NotificationEvent, channel: NotificationChannel,
                    rendered: TemplateRenderer.Rendered, at now: Date, maxAttempts: Int) -> OutboxNotification {
        let notification = OutboxNotification()
        notification.id = UUID.timeOrdered()
        notification.organizationID = organizationID
        notification.kind = kind.rawValue
        notification.event = event.rawValue
        notification.channel = channel.rawValue
        notification.status = NotificationStatus.queued.rawValue
        notification.subject = rendered.subject
        notification.body = rendered.text
        notification.html = rendered.html
        notification.attempts = 0
        notification.maxAttempts = maxAttempts
        notification.createdAt = now
        notification.updatedAt = now
        return notification
    }

    /// Sets the recipient of `channel` from `recipients`: queued when there is one (an in-app message is delivered by
    /// being stored), skipped with its reason when not.
    func address(to recipients: Recipients, channel: NotificationChannel, at now: Date) {
        switch channel {
        case .inApp:
            status = NotificationStatus.sent.rawValue
            sentAt = now
        case .email, .sms:
            recipient = channel == .email ? recipients.email : recipients.phone
            if recipient == nil {
                status = NotificationStatus.skipped.rawValue
                skipReason = channel.missingContactReason?.rawValue
            } else {
                nextAttemptAt = now
            }
        }
    }
}
