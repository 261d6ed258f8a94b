/// `/erasure-requests/{id}/erase`: the confirmation step before a customer's record is erased for good — the admin types
/// the customer's name (it works without script).
enum ErasureRequestErasePage {
    /// What the admin types: the customer's name, or "erase" when the record is no longer on file.
    static func confirmation(_ request: AccountErasureRequest.Public) -> String {
        request.customerName ?? "erase"
    }

    static func page(_ request: AccountErasureRequest.Public, errors: FormErrors = FormErrors(), csrf: String) -> WebPage {
        let name = request.customerName ?? "a customer no longer on file"
        let path = "/erasure-requests/\(request.id.canonicalString)/erase"
        return WebPage(title: "Erase \(name)", breadcrumbs: [("Erasure requests", "/erasure-requests"), ("Erase", nil)], content: [
            .div(["class": "card"], [
                .h1("Erase the record of “\(name)”?"),
                .p("The person asked for it from their customer account on \(Formats.date(request.requestedAt)). Their personal data "
                   + "is removed everywhere it is held here — profile, addresses, timeline, messages, the contact details on orders "
                   + "and tasks — while the orders' anonymous totals stay for the books. This cannot be undone."),
                .postForm(path, csrf: csrf, [
                    .errorSummary(errors),
                    TypedConfirmation.input(expected: confirmation(request), errors: errors),
                    .div(["class": "actions"], [
                        .button("Erase the record", class: "button danger"),
                        .link("Keep it", to: "/erasure-requests", class: "button secondary"),
                    ]),
                ]),
            ]),
        ])
    }
}
