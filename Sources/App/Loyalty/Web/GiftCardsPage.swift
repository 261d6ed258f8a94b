import Foundation

/// `/gift-cards`: the organization's gift cards, newest first, with a status filter (and a customer's cards) kept in
/// the query string; "Find by code"; and the "Issue gift card" form for the roles that may.
enum GiftCardsPage {
    struct Model {
        var query: [String: String]
        var cards: Page<GiftCard.Public>?
        var customers: [UUID: String] = [:]
        var problem: String?
        var currency: String
        var issue: GiftCardIssueForm.State?
        var lookup: (code: String, error: String)?
    }

    static func page(_ m: Model, csrf: String) -> WebPage {
        WebPage(title: "Gift cards", breadcrumbs: [("Gift cards", nil)], content: [
            .div(["class": "page-head"], [
                .h1("Gift cards"),
                .link("Rewards catalogue", to: "/rewards", class: "button secondary"),
            ]),
            GiftCardLookupForm.form(code: m.lookup?.code, error: m.lookup?.error, csrf: csrf),
            filters(m),
            m.problem.map { .div(["class": "flash error", "role": "alert"], [.text($0)]) } ?? .empty,
            list(m),
            m.issue.map { GiftCardIssueForm.form($0, currency: m.currency, csrf: csrf) } ?? .empty,
        ])
    }

    private static func filters(_ m: Model) -> HTML {
        let statuses = [("", "Any status")] + GiftCardStatus.allCases.map { ($0.rawValue, Formats.label($0.rawValue)) }
        let filtered = m.query["status"] != nil || m.query["customer_id"] != nil
        let customer = m.query["customer_id"]
        return .element("form", ["method": "get", "action": "/gift-cards", "class": "card filters"], [
            .select("Status", name: "status", options: statuses, selected: m.query["status"], idPrefix: "filter"),
            customer.map { .hidden("customer_id", $0) } ?? .empty,
            .div(["class": "field"], [.div(["class": "compact"], [
                .button("Filter"),
                filtered ? .link("Clear filters", to: "/gift-cards", class: "button secondary") : .empty,
            ])]),
            customer.map { id in
                .p(["class": "hint field wide"], [
                    .text("Only the cards of "),
                    UUID(uuidString: id).flatMap { m.customers[$0] }.map { HTML.link($0, to: "/customers/\(id)") } ?? .text("one customer"),
                    .text("."),
                ])
            } ?? .empty,
        ])
    }

    private static func list(_ m: Model) -> HTML {
        guard let cards = m.cards else { return .empty }
        return .section(["aria-labelledby": "cards-title"], [
            .h2("Newest first", id: "cards-title"),
            cards.data.isEmpty ? .div(["class": "card empty"], [.p("No gift cards match.")])
                : GiftCardTable.table(cards.data, caption: "Gift cards", customers: m.customers),
            ListPager.pager(cards.page, perPage: cards.perPage, total: cards.total, count: cards.data.count,
                            nextCursor: cards.nextCursor, base: "/gift-cards", query: m.query),
        ])
    }
}
