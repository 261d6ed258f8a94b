/// `/client/orders/new`: the order form on its own page.
enum ClientNewOrderPage {
    static func page(_ state: ClientOrderForm.State, timeZone: String, csrf: String) -> WebPage {
        WebPage(title: "New order", breadcrumbs: [("Orders", "/client"), ("New order", nil)], content: [
            .h1("New order"),
            .p("We pick it up where you say and deliver it to the recipient.", class: "hint"),
            ClientOrderForm.form(state, timeZone: timeZone, csrf: csrf),
        ])
    }
}
