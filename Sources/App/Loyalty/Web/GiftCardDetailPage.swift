import Foundation

/// `/gift-cards/{id}`: one card — its figures, its history, the "Redeem" form while it can be used, and "Disable"
/// (which asks first), for the roles that may change cards.
enum GiftCardDetailPage {
    struct Model {
        var card: GiftCard.Public
        var customerName: String?
        var canChange: Bool
        var redeem = GiftCardRedeemForm.State()
    }

    static func page(_ m: Model, csrf: String) -> WebPage {
        let card = m.card
        let title = GiftCardTable.name(card)
        let usable = card.status == GiftCardStatus.active.rawValue
        return WebPage(title: title, breadcrumbs: [("Gift cards", "/gift-cards"), (title, nil)], content: [
            .div(["class": "page-head"], [
                .h1(title),
                m.canChange && card.disabledAt == nil
                    ? .link("Disable", to: GiftCardTable.path(card.id) + "/disable", class: "button danger") : .empty,
            ]),
            .div(["class": "columns"], [
                .div([:], [
                    m.canChange && (usable || !m.redeem.errors.isEmpty) ? GiftCardRedeemForm.form(m.redeem, card: card, csrf: csrf) : .empty,
                    history(card),
                ]),
                facts(m),
            ]),
        ])
    }

    private static func history(_ card: GiftCard.Public) -> HTML {
        let lines = card.history ?? []
        return .section(["aria-labelledby": "history-title"], [
            .h2("History", id: "history-title"),
            lines.isEmpty ? .div(["class": "card empty"], [.p("Nothing yet.")]) : .table(
                caption: "History of the card",
                head: [.th("When"), .th("What"), .th("Amount"), .th("Balance after"), .th("Order"), .th("Who")],
                rows: lines.map { line in
                    .element("tr", [:], [
                        .td([.text(Formats.dateTime(line.createdAt))], class: "primary"),
                        .td(Formats.label(line.kind), label: "What"),
                        .td(line.amount, label: "Amount", class: "num"),
                        .td(line.balanceAfter, label: "Balance after", class: "num"),
                        line.orderID.map { id in .element("td", ["data-label": "Order"], [.link("Open the order", to: "/orders/\(id.canonicalString)")]) }
                            ?? .td("—", label: "Order"),
                        .td(line.actor.name ?? "System", label: "Who"),
                    ])
                }, stacked: true),
        ])
    }

    private static func facts(_ m: Model) -> HTML {
        let card = m.card
        let customer: HTML = card.customerID.map { id in
            m.customerName.map { HTML.link($0, to: "/customers/\(id.canonicalString)") } ?? .text("Deleted customer")
        } ?? .text("—")
        let rows: [(String, [HTML])] = [
            ("Status", [GiftCardTable.status(card.status)]),
            ("Balance", [.element("strong", ["id": "gift-card-balance"], [.text(GiftCardTable.amount(card.balance, card.currency))])]),
            ("Initial balance", [.text(GiftCardTable.amount(card.initialBalance, card.currency))]),
            ("Code", [.text("•••• " + card.codeLast4)]),
            ("Customer", [customer]),
            ("Expires on", [.text(card.expiresOn ?? "Never")]),
            ("Note", [.text(card.note ?? "—")]),
            ("Issued", [.text(Formats.dateTime(card.createdAt))]),
        ] + (card.disabledAt.map { [("Disabled", [HTML.text(Formats.dateTime($0))])] } ?? [])
        return .section(["class": "card", "aria-labelledby": "facts-title"], [
            .h2("Details", id: "facts-title"),
            .element("dl", ["class": "details"], rows.flatMap { [HTML.element("dt", [:], [.text($0.0)]), .element("dd", [:], $0.1)] }),
        ])
    }
}
