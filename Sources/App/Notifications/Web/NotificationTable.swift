import Foundation

/// A table of notifications: when, customer, event, channel, to, subject (or the message's start), status with its
/// reason, attempts; a failed one has a "Retry" button. Each row opens the notification; on a phone each is a card.
enum NotificationTable {
    /// What a Retry button needs: the session's token and the view to come back to.
    struct Retry {
        let csrf: String
        let returnTo: String
    }

    /// `compact` (one customer's, on the customer page) leaves out the customer, the address and the attempts.
    static func table(_ items: [OutboxNotification.Public], caption: String, customers: [UUID: String],
                      compact: Bool = false, retry: Retry?) -> HTML {
        var head: [HTML] = compact ? [.th("When")] : [.th("When"), .th("Customer")]
        head += [.th("Event"), .th("Channel")] + (compact ? [] : [.th("To")]) + [.th("Subject or message"), .th("Status")]
        if !compact { head.append(.th("Attempts")) }
        if retry != nil { head.append(.element("th", ["scope": "col"], [.span("Actions", class: "visually-hidden")])) }
        let rows = items.map { row($0, customers: customers, compact: compact, retry: retry) }
        return .div(["class": "notifications"], [.table(caption: caption, head: head, rows: rows, stacked: true)])
    }

    private static func row(_ n: OutboxNotification.Public, customers: [UUID: String], compact: Bool, retry: Retry?) -> HTML {
        let href = "/notifications/\(n.id.canonicalString)"
        let event = NotificationEvent(rawValue: n.event)?.label ?? Formats.label(n.event)
        let channel = NotificationChannel(rawValue: n.channel)?.label ?? Formats.label(n.channel)
        var cells: [HTML] = [
            .td([.link(Formats.dateTime(n.createdAt), to: href)], class: "primary"),
        ]
        if !compact { cells.append(customerCell(n.customerId, customers: customers)) }
        cells += [.td(event, label: "Event"), .td(channel, label: "Channel")]
        if !compact { cells.append(.td(n.to ?? "—", label: "To")) }
        cells += [.td(summary(n), label: "Subject"), .element("td", ["data-label": "Status"], status(n))]
        if !compact { cells.append(.td(String(n.attempts), label: "Attempts", class: "num")) }
        if let retry {
            cells.append(n.status == NotificationStatus.failed.rawValue
                ? .element("td", ["class": "row-actions"], [retryButton(n, event: event, channel: channel, retry)])
                : .element("td", ["class": "blank"], []))
        }
        return .element("tr", ["data-href": href, "tabindex": "0", "id": "n-\(n.id.canonicalString)"], cells)
    }

    private static func customerCell(_ id: UUID?, customers: [UUID: String]) -> HTML {
        guard let id else { return .td("—", label: "Customer") }
        guard let name = customers[id] else { return .td("Deleted customer", label: "Customer") }
        return .element("td", ["data-label": "Customer"], [.link(name, to: "/customers/\(id.canonicalString)")])
    }

    /// The subject, or the start of the text when there is none (SMS, in-app).
    static func summary(_ n: OutboxNotification.Public) -> String {
        if let subject = n.subject, !subject.isEmpty { return subject }
        let flat = n.body.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > 80 ? String(flat.prefix(79)) + "…" : flat
    }

    /// The status badge, with why it was skipped or what the provider last answered.
    static func status(_ n: OutboxNotification.Public) -> [HTML] {
        var parts: [HTML] = [.span(Formats.label(n.status), class: "status \(n.status)")]
        if let reason = n.skipReason { parts.append(.p(skipReason(reason), class: "muted")) }
        if let error = n.lastError, n.status != NotificationStatus.sent.rawValue { parts.append(.p(error, class: "muted")) }
        return parts
    }

    static func skipReason(_ raw: String) -> String {
        switch NotificationSkipReason(rawValue: raw) {
        case .noEmail: "No email address"
        case .noPhone: "No phone number"
        case .noConsent: "Not opted in"
        case .channelOff: "Channel turned off"
        case nil: Formats.label(raw)
        }
    }

    static func retryButton(_ n: OutboxNotification.Public, event: String, channel: String, _ retry: Retry) -> HTML {
        .postForm("/notifications/\(n.id.canonicalString)/retry", csrf: retry.csrf, class: "inline", [
            .hidden("return_to", retry.returnTo),
            .button("Retry", class: "button small", label: "Retry the \(event.lowercased()) \(channel.lowercased()) to \(n.to ?? "the customer")"),
        ])
    }
}
