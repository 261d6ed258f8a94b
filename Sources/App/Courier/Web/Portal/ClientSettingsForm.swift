import Foundation

/// The portal's settings form: which task events email the client and which notify its recipients, and the tracking
/// page's look (brand colour, logo, message). Read into the same settings object the API's `PATCH /client/settings`
/// takes.
enum ClientSettingsForm {
    static let fields: Set<String> = ["brand_color", "logo_url", "message", "client_email_events", "recipient_events"]
    static let eventGroups = [("client_email", "client_email_events", "Email me when"),
                              ("recipient", "recipient_events", "Tell my recipients when")]

    struct State {
        var settings: ClientSettings
        /// What was typed, kept when the server refused it.
        var values: [String: String]? = nil
        var errors = FormErrors()
    }

    /// The settings object of the submitted form. The colour picker counts only when it was moved and the text was not
    /// (without script the two are not kept in step).
    static func body(_ values: [String: String], saved: ClientSettings) -> JSONValue {
        func events(_ prefix: String) -> JSONValue {
            .array(NotificationEvent.taskEvents.filter { values["\(prefix).\($0.rawValue)"] != nil }.map { .string($0.rawValue) })
        }
        func text(_ key: String) -> JSONValue {
            let trimmed = (values[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? .null : .string(trimmed)
        }
        var color = text("brand_color")
        let typed = (values["brand_color"] ?? "").trimmingCharacters(in: .whitespaces)
        if let picker = values["brand_color_picker"], picker != values["brand_color_picker_start"],
           HexColor.normalize(typed) == saved.brandColor || (typed.isEmpty && saved.brandColor == nil) {
            color = .string(picker)
        }
        return .object(["client_email_events": events("client_email"), "recipient_events": events("recipient"),
                        "brand_color": color, "logo_url": text("logo_url"), "message": text("message")])
    }

    static func form(_ state: State, csrf: String) -> HTML {
        let s = state.settings, e = state.errors
        let color = state.values?["brand_color"] ?? s.brandColor ?? ""
        let pickerStart = HexColor.normalize(color) ?? "#2357d9"
        func boxes(_ prefix: String, _ chosen: [NotificationEvent], _ legend: String) -> HTML {
            .element("fieldset", ["class": "field"], [.element("legend", [:], [.text(legend)])] + NotificationEvent.taskEvents.map { event in
                let checked = state.values.map { $0["\(prefix).\(event.rawValue)"] != nil } ?? chosen.contains(event)
                return .checkbox(event.label, name: "\(prefix).\(event.rawValue)", checked: checked, idPrefix: "settings")
            })
        }
        return .postForm("/client/settings", csrf: csrf, class: "card", [
            .element("div", ["id": "client-settings"], [
                .errorSummary(e),
                .h2("Notifications", id: "settings-notifications"),
                .div(["class": "form-grid"], [boxes("client_email", s.clientEmailEvents, "Email me when a task is…"),
                                              boxes("recipient", s.recipientEvents, "Tell my recipients when a task is…")]),
                .h2("Tracking page", id: "settings-look"),
                .div(["class": "form-grid"], [
                    .div(["class": "field"], [
                        .element("label", ["for": "settings-brand_color_picker"], [.text("Brand colour picker")]),
                        .void("input", ["type": "color", "id": "settings-brand_color_picker", "name": "brand_color_picker",
                                        "value": pickerStart]),
                        .hidden("brand_color_picker_start", pickerStart),
                    ]),
                    .field("Brand colour", name: "brand_color", value: color, errors: e, idPrefix: "settings",
                           hint: "A hex colour like #1a73e8; empty for none."),
                    .field("Logo link", name: "logo_url", value: state.values?["logo_url"] ?? s.logoURL, type: "url", errors: e,
                           idPrefix: "settings", hint: "An https:// link to your logo; empty for none."),
                    .textArea("Message on the tracking page", name: "message", value: state.values?["message"] ?? s.message, errors: e,
                              idPrefix: "settings", hint: "Plain text, at most \(ClientSettings.maxMessageLength) characters."),
                ]),
                .div(["class": "actions"], [.button("Save settings")]),
            ]),
        ])
    }
}
