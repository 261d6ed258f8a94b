import Foundation

/// The organization's settings and its users and roles (admins).
enum AdminPages {
    static let settingsFields: Set<String> = ["name", "settings", "default_country", "timezone", "currency", "unique_customer_names", "courier"]
    static let userFields: Set<String> = ["email", "name", "password", "role"]

    /// `notifications`: the cards below the settings form (the loyalty programme and rewards, the notification matrix
    /// and templates).
    static func settings(_ o: Organization, values: [String: String]?, errors: FormErrors, csrf: String,
                         notifications: [HTML] = []) -> WebPage {
        let v = values ?? ["name": o.name, "default_country": o.defaultCountry, "timezone": o.timezone, "currency": o.currency,
                           "unique_customer_names": o.uniqueCustomerNames ? "true" : "", "courier": o.courier ? "true" : ""]
        return WebPage(title: "Settings", breadcrumbs: [("Settings", nil)], content: [
            .h1("Organization settings"),
            .postForm("/settings", csrf: csrf, class: "card", [
                .errorSummary(errors),
                .div(["class": "form-grid"], [
                    .field("Organization name", name: "name", value: v["name"], errors: errors, required: true),
                    .field("Default country", name: "default_country", value: v["default_country"], errors: errors,
                           hint: "Two letters (ISO 3166-1), used to read phone numbers without a country code"),
                    .field("Time zone", name: "timezone", value: v["timezone"], errors: errors, hint: "e.g. Europe/Paris"),
                    .field("Currency", name: "currency", value: v["currency"], errors: errors, hint: "Three letters, e.g. EUR"),
                    .checkbox("Customer names must be unique", name: "unique_customer_names", checked: v["unique_customer_names"] == "true"),
                    .checkbox("Courier (teams and business clients)", name: "courier", checked: v["courier"] == "true"),
                ]),
                .div(["class": "actions"], [.button("Save settings")]),
            ]),
        ] + notifications)
    }

    static func users(_ users: [User], me: UUID, values: [String: String], errors: FormErrors, csrf: String) -> WebPage {
        let roles = Role.organizationRoles.map { ($0.rawValue, Formats.label($0.rawValue)) }
        return WebPage(title: "Users", breadcrumbs: [("Users", nil)], content: [
            .h1("Users and roles"),
            .table(caption: "Users", head: [.th("Name"), .th("Email"), .th("Role"), .th("Status"), .th("Actions")], rows: users.map { u -> HTML in
                let id = u.id!.canonicalString
                return .element("tr", [:], [
                    .td([.text(u.name)], class: "primary"), .td(u.email, label: "Email"),
                    .td([.postForm("/users/\(id)", csrf: csrf, class: "compact", [
                        .select("Role of \(u.name)", name: "role", options: roles, selected: u.role.rawValue, idPrefix: "u-\(id)"),
                        .button("Change role", class: "button secondary small"),
                    ])]),
                    .td([.span(u.disabled ? "Disabled" : "Active", class: u.disabled ? "status cancelled" : "status active")]),
                    .td([u.id == me ? .span("You", class: "muted") : .postForm(
                        "/users/\(id)", csrf: csrf, class: "inline",
                        confirm: u.disabled ? nil : "Disable \(u.name)? They are signed out at once.",
                        [.hidden("disabled", u.disabled ? "false" : "true"),
                         .button(u.disabled ? "Enable" : "Disable", class: u.disabled ? "button secondary small" : "button danger small",
                                 label: (u.disabled ? "Enable " : "Disable ") + u.name)])]),
                ])
            }),
            .postForm("/users", csrf: csrf, class: "card", [
                .h2("Add a user"),
                .errorSummary(errors),
                .div(["class": "form-grid"], [
                    .field("Name", name: "name", value: values["name"], errors: errors, required: true, idPrefix: "new"),
                    .field("Email", name: "email", value: values["email"], type: "email", errors: errors, required: true, idPrefix: "new"),
                    .field("Password", name: "password", value: "", type: "password", errors: errors, required: true,
                           autocomplete: "new-password", idPrefix: "new", hint: "At least 10 characters"),
                    .select("Role", name: "role", options: roles, selected: values["role"] ?? "dispatcher", errors: errors, idPrefix: "new"),
                ]),
                .div(["class": "actions"], [.button("Add user")]),
            ]),
        ])
    }
}
