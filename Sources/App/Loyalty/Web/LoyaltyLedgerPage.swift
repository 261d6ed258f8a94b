import Foundation

/// `/customers/{id}/loyalty`: a customer's whole points ledger, newest first, paged (`page` in the query string).
enum LoyaltyLedgerPage {
    static func path(_ customerID: UUID) -> String { "/customers/\(customerID.canonicalString)/loyalty" }

    /// `query`: what the pager's links keep besides the page (`per_page`).
    static func page(_ customer: Customer, summary: LoyaltySummary, entries: Page<LoyaltyEntry.Public>,
                     query: [String: String]) -> WebPage {
        let id = customer.id!
        let title = "Points of \(customer.name)"
        return WebPage(title: title, breadcrumbs: [("Customers", "/customers"), (customer.name, "/customers/\(id.canonicalString)"),
                                                   ("Points", nil)], content: [
            .h1(title),
            LoyaltyFigures.figures(summary, detailed: true),
            .section(["aria-labelledby": "ledger-title"], [
                .h2("Ledger, newest first", id: "ledger-title"),
                entries.data.isEmpty ? .div(["class": "card empty"], [.p("No entries yet.")])
                    : LoyaltyEntryTable.table(entries.data, caption: "Loyalty ledger"),
                CustomerHistory.pager(entries.page, perPage: entries.perPage, total: entries.total, key: "page",
                                      base: path(id), query: query),
            ]),
            .p([:], [.link("Back to \(customer.name)", to: "/customers/\(id.canonicalString)#loyalty")]),
        ])
    }
}
