import Foundation

/// `/customers/{id}/erase`: the step before a record is erased for good — why (kept with the erasure record) and the
/// customer's name typed out. Works without script.
enum CustomerErasePage {
    static let fields: Set<String> = ["reason", TypedConfirmation.field]

    static func page(_ customer: Customer, values: [String: String] = [:], errors: FormErrors = FormErrors(), csrf: String) -> WebPage {
        let path = "/customers/\(customer.id!.canonicalString)"
        return WebPage(title: "Erase \(customer.name)", breadcrumbs: [("Customers", "/customers"), (customer.name, path), ("Erase", nil)],
                       content: [
            .div(["class": "card"], [
                .h1("Erase the record of “\(customer.name)”?"),
                .p("Their personal data is removed everywhere it is held here — profile, addresses, timeline, messages, the "
                   + "contact details on orders and tasks, and the search index — while the orders' anonymous totals stay for the "
                   + "books. This cannot be undone."),
                .postForm(path + "/erase", csrf: csrf, [
                    .errorSummary(errors),
                    .field("Why is the record erased?", name: "reason", value: values["reason"], errors: errors, required: true,
                           hint: "e.g. the customer asked by email on 3 December"),
                    TypedConfirmation.input(expected: customer.name, errors: errors),
                    .div(["class": "actions"], [
                        .button("Erase the record", class: "button danger"),
                        .link("Keep it", to: path, class: "button secondary"),
                    ]),
                ]),
            ]),
        ])
    }
}
