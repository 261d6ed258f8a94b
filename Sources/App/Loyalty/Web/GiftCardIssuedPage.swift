import ClienteleCore
import Foundation

/// The answer to "Issue gift card": the full code, grouped by four, shown this once — the server keeps only its hash.
enum GiftCardIssuedPage {
    static func page(_ card: GiftCard.Public, code: String, customerName: String?) -> WebPage {
        WebPage(title: "Gift card issued", breadcrumbs: [("Gift cards", "/gift-cards"), ("Issued", nil)], content: [
            .h1("Gift card issued"),
            .section(["class": "card", "aria-labelledby": "code-title"], [
                .h2("The card’s code", id: "code-title"),
                .div(["class": "flash warning", "role": "alert"], [
                    .p("Write this code down or hand it to the customer now: it will not be shown again."),
                ]),
                .p(["class": "gift-code", "id": "gift-card-code"], [.text(GiftCardCode.grouped(code))]),
                .element("dl", ["class": "details"], [
                    HTML.element("dt", [:], [.text("Balance")]),
                    .element("dd", [:], [.text(GiftCardTable.amount(card.balance, card.currency))]),
                    .element("dt", [:], [.text("Expires on")]), .element("dd", [:], [.text(card.expiresOn ?? "Never")]),
                    .element("dt", [:], [.text("Customer")]),
                    .element("dd", [:], [card.customerID.map { id in
                        HTML.link(customerName ?? "Open the customer", to: "/customers/\(id.canonicalString)")
                    } ?? .text("—")]),
                ]),
                .div(["class": "actions"], [
                    .link("Open the card", to: GiftCardTable.path(card.id), class: "button"),
                    .link("Back to gift cards", to: "/gift-cards", class: "button secondary"),
                ]),
            ]),
        ])
    }
}
