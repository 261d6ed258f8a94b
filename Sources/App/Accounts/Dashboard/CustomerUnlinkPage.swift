/// `/customers/{id}/unlink`: the confirmation step before a record is unlinked from its customer account (it works
/// without script).
enum CustomerUnlinkPage {
    static func page(_ customer: Customer, csrf: String) -> WebPage {
        let path = CustomerAccountPanel.path(customer.id!)
        return WebPage(title: "Unlink \(customer.name)", breadcrumbs: [("Customers", "/customers"), (customer.name, path), ("Unlink", nil)],
                       content: [
            .div(["class": "card"], [
                .h1("Unlink “\(customer.name)” from their customer account?"),
                .p("The record stays here with its current values. Changes the person makes in their account no longer reach it, "
                   + "and its overridden fields and refused changes are forgotten."),
                .postForm(path + "/unlink", csrf: csrf, class: "actions", [
                    .button("Yes, unlink the record", class: "button danger"),
                    .link("Keep the link", to: path + "#account", class: "button secondary"),
                ]),
            ]),
        ])
    }
}
