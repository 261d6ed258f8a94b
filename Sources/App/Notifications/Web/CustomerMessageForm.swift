import Foundation

/// The customer page's "Send message" form: a marketing message to this one customer, on a channel the customer
/// opted in to, sent through `MarketingMessages` exactly as `POST /messages` with `customer_ids: [id]`.
enum CustomerMessageForm {
    static let fields: Set<String> = ["channel", "subject", "body"]

    /// What the form shows: the channels offered, and what was typed when a send was refused.
    struct State {
        var channels: [NotificationChannel]
        var values: [String: String] = [:]
        var errors = FormErrors()
    }

    /// The channels this customer agreed to receive marketing on.
    static func channels(of customer: Customer) -> [NotificationChannel] {
        (customer.emailOptIn ? [.email] : []) + (customer.smsOptIn ? [.sms] : [])
    }

    static func input(_ fields: [String: String], customerID: UUID) -> MarketingMessageInput {
        let channel = fields["channel"] ?? ""
        // The subject field is for email; an SMS ignores what it holds, and an empty one takes the default subject.
        let subject = channel == NotificationChannel.email.rawValue ? fields["subject"].flatMap { $0.isEmpty ? nil : $0 } : nil
        return MarketingMessageInput(channel: channel, subject: subject, body: fields["body"] ?? "",
                                     customerIDs: [customerID.canonicalString])
    }

    static func summary(_ result: MarketingMessageResult, to name: String) -> String {
        "Message to \(name): \(result.queued) queued, \(result.skippedNoConsent) skipped without consent, "
            + "\(result.skippedNoContact) skipped without contact details."
    }

    static func card(_ state: State, customer: Customer, csrf: String) -> HTML {
        guard !state.channels.isEmpty else { return .empty }
        let path = "/customers/\(customer.id!.canonicalString)/messages"
        let missing = state.channels.filter { $0 == .email ? customer.email == nil : customer.phone == nil }
        return .section(["class": "card", "aria-labelledby": "message-title"], [
            .h2("Send message", id: "message-title"),
            .p("Only to the channels \(customer.name) opted in to.", class: "hint"),
            .postForm(path, csrf: csrf, [
                .errorSummary(state.errors),
                .select("Channel", name: "channel", options: state.channels.map { ($0.rawValue, $0.label) },
                        selected: state.values["channel"], errors: state.errors, idPrefix: "msg"),
                state.channels.contains(.email)
                    ? .field("Subject (email only)", name: "subject", value: state.values["subject"], errors: state.errors,
                             idPrefix: "msg", hint: "Empty: “News from” and your organization’s name")
                    : .empty,
                .textArea("Message", name: "body", value: state.values["body"], errors: state.errors, idPrefix: "msg",
                          hint: "Variables: {{customer.first_name}}, {{customer.name}}, {{organization.name}}, "
                              + "and in an email the unsubscribe link {{unsubscribe_url}}"),
                missing.isEmpty ? .empty
                    : .p("No " + missing.map { $0 == .email ? "email address" : "phone number" }.joined(separator: " or ")
                         + " on file: a message there is skipped.", class: "hint"),
                .div(["class": "actions"], [.button("Send message")]),
            ]),
        ])
    }
}
