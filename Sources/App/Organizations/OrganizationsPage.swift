/// Super admin: every organization, creating one with its first admin, and switching into one for support.
enum OrganizationsPage {
    static let fields: Set<String> = ["name", "slug", "admin", "admin.email", "admin.name", "admin.password"]

    static func page(_ organizations: [Organization], current: Organization?, values: [String: String], errors: FormErrors,
                     csrf: String) -> WebPage {
        WebPage(title: "Organizations", breadcrumbs: [("Organizations", nil)], content: [
            .h1("Organizations"),
            current == nil ? .p("Switch into an organization to work with its customers; each page you open there is audited.",
                                class: "muted") : .empty,
            organizations.isEmpty ? .div(["class": "card empty"], [.p("No organizations yet.")]) : .table(
                caption: "Organizations", head: [.th("Name"), .th("Slug"), .th("Country"), .th("Actions")],
                rows: organizations.map { o in
                    .element("tr", [:], [
                        .td(o.name), .td(o.slug), .td(o.defaultCountry),
                        .td([o.id == current?.id ? .span("Current", class: "status active") : .postForm(
                            "/organizations/\(o.id!.canonicalString)/switch", csrf: csrf, class: "inline",
                            [.button("Switch into", class: "button secondary small", label: "Switch into \(o.name)")])]),
                    ])
                }),
            .postForm("/organizations", csrf: csrf, class: "card", [
                .h2("New organization"),
                .errorSummary(errors),
                .div(["class": "form-grid"], [
                    .field("Name", name: "name", value: values["name"], errors: errors, required: true),
                    .field("Slug", name: "slug", value: values["slug"], errors: errors, required: true, hint: "Lower case letters, digits and dashes"),
                    .field("First admin's name", name: "admin.name", value: values["admin.name"], errors: errors, required: true),
                    .field("First admin's email", name: "admin.email", value: values["admin.email"], type: "email", errors: errors, required: true),
                    .field("First admin's password", name: "admin.password", value: "", type: "password", errors: errors,
                           required: true, autocomplete: "new-password", hint: "At least 10 characters"),
                ]),
                .div(["class": "actions"], [.button("Create organization")]),
            ]),
        ])
    }
}
