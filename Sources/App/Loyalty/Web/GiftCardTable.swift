import Foundation

/// A table of gift cards: the card (its last four characters, a link to it), balance, status, customer, expiry, issue
/// date. On a phone each card is a card.
enum GiftCardTable {
    static func table(_ cards: [GiftCard.Public], caption: String, customers: [UUID: String]? = nil) -> HTML {
        var head: [HTML] = [.th("Card"), .th("Balance"), .th("Status")]
        if customers != nil { head.append(.th("Customer")) }
        head += [.th("Expires"), .th("Issued")]
        return .table(caption: caption, head: head, rows: cards.map { row($0, customers: customers) }, stacked: true)
    }

    private static func row(_ card: GiftCard.Public, customers: [UUID: String]?) -> HTML {
        let href = path(card.id)
        var cells: [HTML] = [
            .td([.link(name(card), to: href)], class: "primary"),
            .td(amount(card.balance, card.currency), label: "Balance", class: "num"),
            .element("td", ["data-label": "Status"], [status(card.status)]),
        ]
        if let customers {
            if let id = card.customerID {
                cells.append(.element("td", ["data-label": "Customer"], [
                    customers[id].map { HTML.link($0, to: "/customers/\(id.canonicalString)") } ?? .text("Deleted customer"),
                ]))
            } else {
                cells.append(.td("—", label: "Customer"))
            }
        }
        cells += [.td(card.expiresOn ?? "—", label: "Expires"), .td(Formats.date(card.createdAt), label: "Issued")]
        return .element("tr", ["data-href": href, "id": "card-\(card.id.canonicalString)"], cells)
    }

    static func path(_ id: UUID) -> String { "/gift-cards/\(id.canonicalString)" }

    /// "Card ending 7Q2K": all that is shown of a code once it was issued.
    static func name(_ card: GiftCard.Public) -> String { "Card ending \(card.codeLast4)" }

    static func amount(_ decimal: String, _ currency: String) -> String { "\(decimal) \(currency)" }

    static func status(_ raw: String) -> HTML {
        let style = raw == GiftCardStatus.disabled.rawValue ? "cancelled" : raw
        return .span(Formats.label(raw), class: "status \(style)")
    }
}
