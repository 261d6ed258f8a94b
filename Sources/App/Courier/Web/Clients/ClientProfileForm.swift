import Foundation

/// The dashboard's client forms: "New client" (name, email, the team its orders go to, and whether to invite it now)
/// and the client's own form, which adds which task events email the client and its recipients and the look of its
/// tracking page. Both are read into the API's `Client.Input`, so `ClientService` checks every field as for the API.
enum ClientProfileForm {
    static let fields: Set<String> = ["name", "email", "auto_assign_team_id", "client_email_events", "recipient_events",
                                      "brand_color", "logo_url", "message"]
    /// The two groups of event boxes: who is told, and the settings key it is saved under.
    static let eventGroups: [(key: String, legend: String, hint: String)] = [
        ("client_email_events", "Email the client when", "About the tasks of the orders it sent."),
        ("recipient_events", "Notify the recipient when", "On the channels of the organization's notification settings."),
    ]

    struct State {
        var values: [String: String] = [:]
        var errors = FormErrors()
    }

    /// `client_email_events-task_completed`: no brackets or dots, which the form decoder would read as nesting.
    static func eventField(_ group: String, _ event: NotificationEvent) -> String { "\(group)-\(event.rawValue)" }

    /// What the client's form shows: the address waiting for confirmation when there is one (saving it unchanged keeps
    /// the change under way; typing the current address back cancels it).
    static func values(of client: Client) -> [String: String] {
        let settings = client.settings
        var values = ["name": client.name, "email": client.pendingEmail ?? client.email,
                      "auto_assign_team_id": settings.autoAssignTeamID?.canonicalString ?? "",
                      "brand_color": settings.brandColor ?? "", "logo_url": settings.logoURL ?? "", "message": settings.message ?? ""]
        for event in settings.clientEmailEvents { values[eventField("client_email_events", event)] = "true" }
        for event in settings.recipientEvents { values[eventField("recipient_events", event)] = "true" }
        return values
    }

    static func newClientInput(_ f: [String: String]) -> Client.Input {
        Client.Input(name: f["name"] ?? "", email: f["email"] ?? "",
                     settings: .object(["auto_assign_team_id": team(f)]))
    }

    /// Every setting is sent: an unticked box turns its event off, an empty field clears its setting.
    static func changeInput(_ f: [String: String]) -> Client.Input {
        var settings: [String: JSONValue] = ["auto_assign_team_id": team(f)]
        for group in eventGroups {
            settings[group.key] = .array(NotificationEvent.taskEvents.filter { f[eventField(group.key, $0)] == "true" }
                .map { .string($0.rawValue) })
        }
        for key in ["brand_color", "logo_url", "message"] {
            settings[key] = CourierWebServices.text(f[key]).map(JSONValue.string) ?? .null
        }
        return Client.Input(name: f["name"] ?? "", email: f["email"] ?? "", settings: .object(settings))
    }

    private static func team(_ f: [String: String]) -> JSONValue {
        CourierWebServices.text(f["auto_assign_team_id"]).map(JSONValue.string) ?? .null
    }

    static func newForm(_ state: State, teams: [Team.Public], csrf: String) -> HTML {
        let v = state.values
        return .postForm("/clients", csrf: csrf, class: "card", [
            .errorSummary(state.errors),
            .div(["class": "form-grid"], [
                .field("Name", name: "name", value: v["name"], errors: state.errors, required: true, autocomplete: "organization"),
                .field("Email", name: "email", value: v["email"], type: "email", errors: state.errors, required: true,
                       autocomplete: "email", hint: "Where the invitation and the client's emails go"),
                teamSelect(v, teams: teams, errors: state.errors),
                .checkbox("Send the invitation now", name: "invite", checked: v["invite"] == "true"),
            ]),
            .div(["class": "actions"], [.button("Create client"), .link("Cancel", to: "/clients", class: "button secondary")]),
        ])
    }

    static func changeForm(_ state: State, id: UUID, teams: [Team.Public], csrf: String) -> HTML {
        let v = state.values
        let errors = state.errors
        return .postForm("/clients/\(id.canonicalString)", csrf: csrf, class: "card", [
            .h2("Edit client", id: "edit-title"),
            .errorSummary(errors),
            .div(["class": "form-grid"], [
                .field("Name", name: "name", value: v["name"], errors: errors, required: true),
                .field("Email", name: "email", value: v["email"], type: "email", errors: errors, required: true,
                       hint: "A new address is used once it is confirmed through the link sent to it"),
                teamSelect(v, teams: teams, errors: errors),
            ] + eventGroups.map { eventBoxes($0, values: v, errors: errors) } + [
                .field("Brand colour", name: "brand_color", value: v["brand_color"], errors: errors,
                       hint: "For its tracking pages, like #1a73e8; empty for the default"),
                .field("Logo URL", name: "logo_url", value: v["logo_url"], type: "url", errors: errors,
                       hint: "An https:// link to the logo its tracking pages show"),
                .textArea("Message", name: "message", value: v["message"], errors: errors,
                          hint: "Plain text its tracking pages show under the status, at most \(ClientSettings.maxMessageLength) characters"),
            ]),
            .div(["class": "actions"], [.button("Save client")]),
        ])
    }

    private static func teamSelect(_ v: [String: String], teams: [Team.Public], errors: FormErrors) -> HTML {
        .select("Auto-assign to team", name: "auto_assign_team_id",
                options: [("", "No team: orders wait unassigned")] + teams.map { ($0.id.canonicalString, $0.name) },
                selected: v["auto_assign_team_id"], errors: errors)
    }

    private static func eventBoxes(_ group: (key: String, legend: String, hint: String), values: [String: String],
                                   errors: FormErrors) -> HTML {
        let error = errors[group.key]
        return .element("fieldset", ["class": error == nil ? "field wide" : "field wide has-error",
                                     "id": HTML.fieldID(group.key)], [
            .element("legend", [:], [.text(group.legend)]),
            .p(group.hint, class: "hint"),
            .group(NotificationEvent.taskEvents.map { event in
                let name = eventField(group.key, event)
                return .checkbox(event.label, name: name, checked: values[name] == "true")
            }),
            error.map { .element("p", ["class": "field-error", "id": HTML.fieldID(group.key) + "-error"], [.text($0)]) } ?? .empty,
        ])
    }
}
