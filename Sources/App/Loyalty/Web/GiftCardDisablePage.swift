/// `/gift-cards/{id}/disable`: the confirmation step before a card is disabled for good (it works without script).
enum GiftCardDisablePage {
    static func page(_ card: GiftCard.Public, csrf: String) -> WebPage {
        let name = GiftCardTable.name(card)
        let path = GiftCardTable.path(card.id)
        return WebPage(title: "Disable \(name.lowercased())", breadcrumbs: [("Gift cards", "/gift-cards"), (name, path), ("Disable", nil)],
                       content: [
            .div(["class": "card"], [
                .h1("Disable \(name.lowercased())?"),
                .p("Its balance of \(GiftCardTable.amount(card.balance, card.currency)) can no longer be used. This cannot be undone."),
                .postForm(path + "/disable", csrf: csrf, class: "actions", [
                    .button("Yes, disable the card", class: "button danger"),
                    .link("Keep it", to: path, class: "button secondary"),
                ]),
            ]),
        ])
    }
}
