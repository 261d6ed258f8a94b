import Foundation

/// One notification as it was (or will be) sent: where it stands, the subject and the text; an email's HTML part is
/// shown as its source, escaped, never rendered into the dashboard.
enum NotificationDetailPage {
    static func page(_ n: OutboxNotification.Public, customerName: String?, csrf: String) -> WebPage {
        let event = NotificationEvent(rawValue: n.event)?.label ?? Formats.label(n.event)
        let channel = NotificationChannel(rawValue: n.channel)?.label ?? Formats.label(n.channel)
        let title = "\(event) by \(n.channel == NotificationChannel.sms.rawValue ? channel : channel.lowercased())"
        return WebPage(title: title, breadcrumbs: [("Notifications", "/notifications"), (title, nil)], content: [
            .div(["class": "page-head"], [
                .h1(title),
                n.status == NotificationStatus.failed.rawValue
                    ? NotificationTable.retryButton(n, event: event, channel: channel,
                                                    .init(csrf: csrf, returnTo: "/notifications/\(n.id.canonicalString)"))
                    : .empty,
            ]),
            .div(["class": "columns"], [
                content(n),
                facts(n, customerName: customerName, event: event, channel: channel),
            ]),
        ])
    }

    private static func content(_ n: OutboxNotification.Public) -> HTML {
        .section(["class": "card", "aria-labelledby": "sent-title"], [
            .h2("What was sent", id: "sent-title"),
            n.subject.map { subject in .group([.element("h3", [:], [.text("Subject")]), .p(subject)]) } ?? .empty,
            .element("h3", [:], [.text(n.html == nil ? "Message" : "Text part")]),
            .element("pre", ["class": "message", "id": "message-text"], [.text(n.body)]),
            n.html.map { html in
                .element("details", [:], [
                    .element("summary", [:], [.text("HTML part (its source, shown as text)")]),
                    .element("pre", ["class": "message", "id": "message-html"], [.element("code", [:], [.text(html)])]),
                ])
            } ?? .empty,
        ])
    }

    private static func facts(_ n: OutboxNotification.Public, customerName: String?, event: String, channel: String) -> HTML {
        var rows: [(String, [HTML])] = [
            ("Status", NotificationTable.status(n)),
            ("Customer", [n.customerId.map { id in
                customerName.map { HTML.link($0, to: "/customers/\(id.canonicalString)") } ?? .text("Deleted customer")
            } ?? .text("—")]),
            ("Event", [.text(event)]),
            ("Channel", [.text(channel)]),
            ("To", [.text(n.to ?? "—")]),
            ("Attempts", [.text(String(n.attempts))]),
            ("Written", [.text(Formats.dateTime(n.createdAt))]),
            ("Sent", [.text(Formats.dateTime(n.sentAt))]),
        ]
        if let next = n.nextAttemptAt { rows.append(("Next attempt", [.text(Formats.dateTime(next))])) }
        if let customer = n.customerId {
            rows.append(("History", [.link("This customer’s notifications",
                                           to: "/notifications?customer_id=\(customer.canonicalString)")]))
        }
        return .section(["class": "card", "aria-labelledby": "facts-title"], [
            .h2("Details", id: "facts-title"),
            .element("dl", ["class": "details"], rows.flatMap { [HTML.element("dt", [:], [.text($0.0)]), .element("dd", [:], $0.1)] }),
        ])
    }
}
