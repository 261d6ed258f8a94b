/// The settings page's event × channel matrix: one checkbox per task event and channel, read back into the
/// `settings.notifications` object that `OrganizationSettingsUpdate` validates and saves, as the API's PATCH does.
enum NotificationMatrixForm {
    static let action = "/settings/notifications"

    /// `notify-task_created-email`: no brackets or dots, which the form decoder would read as nesting.
    static func fieldName(_ event: NotificationEvent, _ channel: NotificationChannel) -> String {
        "notify-\(event.rawValue)-\(channel.rawValue)"
    }

    /// `{"task_created": ["email", "in_app"], …}` from the ticked boxes: every event is sent, so an unticked row
    /// turns that event off.
    static func settings(from fields: [String: String]) -> JSONValue {
        .object(Dictionary(uniqueKeysWithValues: NotificationEvent.taskEvents.map { event in
            (event.rawValue, .array(NotificationChannel.allCases.filter { fields[fieldName(event, $0)] == "true" }
                .map { .string($0.rawValue) }))
        }))
    }

    static func form(_ matrix: NotificationMatrix, errors: FormErrors, csrf: String) -> HTML {
        let head: [HTML] = [.th("Event")] + NotificationChannel.allCases.map { .th($0.label) }
        let rows: [HTML] = NotificationEvent.taskEvents.map { event in
            .element("tr", [:], [.element("th", ["scope": "row"], [.text(event.label)])] + NotificationChannel.allCases.map { channel in
                let name = fieldName(event, channel)
                return .element("td", ["class": "check-cell"], [
                    .void("input", ["type": "checkbox", "id": "m-" + name, "name": name, "value": "true",
                                    "checked": HTML.flag(matrix.channels(for: event).contains(channel))]),
                    .element("label", ["for": "m-" + name, "class": "visually-hidden"], [.text("\(event.label) by \(channel.label)")]),
                ])
            })
        }
        return .postForm(action, csrf: csrf, class: "card", [
            .h2("Customer notifications", id: "matrix-title"),
            .p("Which messages each task event sends to its customer. A channel the customer has no address for is skipped.",
               class: "hint"),
            .errorSummary(errors),
            .table(caption: "Channels per task event", head: head, rows: rows),
            .div(["class": "actions"], [.button("Save notifications")]),
        ])
    }
}
