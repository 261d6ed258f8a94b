import Foundation

/// The emails a courier sends its clients through the outbox: the invitation, the confirmation of a new address
/// (`account`: single-use links, hidden from staff lists and dropped once sent), and the task events a client chose
/// (`client`).
enum ClientMail {
    /// The invitation to `client`, with the link that accepts it.
    static func invitation(_ client: Client, organization: Organization, secret: String, config: OutboxConfig) -> OutboxNotification {
        let link = "\(config.publicURL)/client/accept?token=\(secret)"
        let subject = "\(organization.name) invites \(client.name) to its client portal"
        let paragraphs = [
            "Hello \(client.name),",
            "\(organization.name) invites you to its client portal, where you can send deliveries and follow them.",
            "Choose your password here (the link works once, for 7 days):",
        ]
        return email(.clientInvitation, to: client.email, client: client, subject: subject, paragraphs: paragraphs,
                     link: link, linkText: "Accept the invitation", kind: .account, config: config)
    }

    /// The confirmation sent to `email`, a client's new address.
    static func emailChange(_ client: Client, to email: String, organization: Organization, secret: String,
                            config: OutboxConfig) -> OutboxNotification {
        let link = "\(config.publicURL)/client/confirm-email?token=\(secret)"
        let paragraphs = [
            "Hello \(client.name),",
            "\(organization.name) was asked to send your deliveries' emails to this address from now on.",
            "Confirm it here (the link works once, for 7 days); until then the earlier address stays in use:",
        ]
        return self.email(.clientEmailChange, to: email, client: client, subject: "Confirm your new email address for \(organization.name)",
                          paragraphs: paragraphs, link: link, linkText: "Confirm this address", kind: .account, config: config)
    }

    /// A task event of one of the client's orders, emailed to the client.
    static func taskEvent(_ event: NotificationEvent, task: DeliveryTask, orderNumber: String?, client: Client,
                          organization: Organization, config: OutboxConfig) -> OutboxNotification {
        let what = "\(task.type == TaskType.pickup.rawValue ? "Pickup" : "Delivery")\(orderNumber.map { " of order \($0)" } ?? "")"
        let subject = "\(what): \(event.label.lowercased())"
        var paragraphs = ["\(what) is now \(TrackingPage.label(task.status).lowercased())."]
        if let eta = task.dropoffBefore, task.type == TaskType.delivery.rawValue, event != .taskCompleted, event != .taskCancelled {
            paragraphs.append("Expected by \(ETAFormat.string(eta, timeZone: organization.timezone)).")
        }
        let link = task.trackingCode.map { "\(config.publicURL)/track/\($0)" }
        let notification = email(event, to: client.email, client: client, subject: subject, paragraphs: paragraphs,
                                 link: link, linkText: "Follow it", kind: .client, config: config)
        notification.taskID = task.id
        return notification
    }

    private static func email(_ event: NotificationEvent, to recipient: String, client: Client, subject: String, paragraphs: [String],
                              link: String?, linkText: String, kind: OutboxNotification.Kind, config: OutboxConfig) -> OutboxNotification {
        var html = paragraphs.map { "<p>\(HTML.escape($0))</p>" }
        var text = paragraphs
        if let link {
            html.append("<p><a href=\"\(HTML.escape(link))\">\(HTML.escape(linkText))</a></p>")
            text.append(link)
        }
        let rendered = TemplateRenderer.Rendered(subject: subject, text: text.joined(separator: "\n\n"), html: html.joined(separator: "\n"))
        let now = Date()
        let notification = OutboxNotification.new(organizationID: client.organizationID, kind: kind, event: event, channel: .email,
                                                  rendered: rendered, at: now, maxAttempts: config.maxAttempts)
        notification.address(to: Recipients(email: recipient, phone: nil), channel: .email, at: now)
        return notification
    }
}
