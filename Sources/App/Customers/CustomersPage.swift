import Foundation

/// The customers page: search and filters, a sortable table 20 rows a page, page navigation that keeps the
/// search, a "New customer" button, rows that open the customer, delete behind a confirmation.
enum CustomersPage {
    struct Model {
        var query: [String: String]
        var customers: [Customer]
        var total: Int
        var totalIsEstimate: Bool
        var page: Int
        var perPage: Int
        var nextCursor: String?
        var canWrite: Bool
        var canDelete: Bool
        /// False for agents, whose view of a customer is name, phone, address and notes: no email, tags or orders.
        var showsAccountDetails: Bool = true
        var problem: String?
        /// The organization's segments (id, name), for those who may use them.
        var segments: [(id: String, name: String)]?
        var canExport = false
    }

    static func page(_ m: Model, csrf: String) -> WebPage {
        WebPage(title: "Customers", breadcrumbs: [("Customers", nil)], content: [
            .div(["class": "page-head"], [
                .h1("Customers"),
                m.canWrite ? .link("New customer", to: "/customers/new", class: "button") : .empty,
            ]),
            filters(m),
            m.segments != nil ? CustomerFilterPanel.saveForm(m.query, csrf: csrf) : .empty,
            m.canExport ? CustomerFilterPanel.exportLinks(m.query) : .empty,
            m.problem.map { .div(["class": "flash error", "role": "alert"], [.text($0)]) } ?? .empty,
            m.customers.isEmpty ? empty(m) : table(m, csrf: csrf),
            pager(m),
        ])
    }

    private static func filters(_ m: Model) -> HTML {
        .element("form", ["method": "get", "action": "/customers", "class": "card filters", "role": "search"], [
            .div(["class": "field grow"], [
                .element("label", ["for": "q"], [.text("Search by name, email or phone")]),
                .void("input", ["type": "search", "id": "q", "name": "q", "value": m.query["q"] ?? "",
                                "placeholder": "e.g. Ada, 555 01, ada@example.com"]),
            ]),
            .select("Status", name: "status", options: [("", "Any status")] + CustomerStatus.allCases.map { ($0.rawValue, $0.rawValue.capitalized) },
                    selected: m.query["status"]),
            .field("Tag", name: "tag", value: m.query["tag"]),
            m.showsAccountDetails ? CustomerFilterPanel.more(m.query, segments: m.segments) : .empty,
            m.query["sort"].map { .hidden("sort", $0) } ?? .empty,
            .div(["class": "field"], [.button("Search")]),
        ])
    }

    private static func empty(_ m: Model) -> HTML {
        let searched = m.query["q"].map { "No customers match “\($0)”." } ?? "No customers match these filters."
        let message = m.query.keys.contains(where: { ["q", "status", "tag"].contains($0) || CustomerFilterPanel.keys.contains($0) })
            ? searched : "No customers yet."
        return .div(["class": "card empty"], [.p(message)])
    }

    private static func table(_ m: Model, csrf: String) -> HTML {
        var head: [HTML] = m.showsAccountDetails ? [
            sortable("Name", key: "name", m), .th("Email"), .th("Phone"), .th("Tags"),
            .element("th", ["scope": "col", "class": "num"], [.text("Orders")]), sortable("Points", key: "loyalty_points", m),
            sortable("Last order", key: "last_order_at", m), sortable("Created", key: "created_at", m),
        ] : [sortable("Name", key: "name", m), .th("Phone")]
        if m.canDelete { head.append(.element("th", ["scope": "col"], [.span("Actions", class: "visually-hidden")])) }
        return .table(caption: "Customers", head: head, rows: m.customers.map { row($0, m, csrf: csrf) }, stacked: true)
    }

    private static func row(_ c: Customer, _ m: Model, csrf: String) -> HTML {
        let href = "/customers/\(c.id!.canonicalString)"
        guard m.showsAccountDetails else {
            return .element("tr", ["data-href": href, "tabindex": "0"], [
                .td([.link(c.name, to: href)], class: "primary"), .td(c.phone ?? "", label: "Phone"),
            ])
        }
        let tags = (try? JSONDecoder().decode([String].self, from: Data(c.tagsJSON.utf8))) ?? []
        return .element("tr", ["data-href": href, "tabindex": "0"], [
            .td([.link(c.name, to: href)], class: "primary"),
            .td(c.email ?? "", label: "Email"),
            .td(c.phone ?? "", label: "Phone"),
            .element("td", ["class": tags.isEmpty ? "blank" : "tags"], tags.map { .span($0, class: "tag") }),
            .td(String(c.totalOrders), label: "Orders", class: "num"),
            .td(String(c.loyaltyPoints), label: "Points", class: "num"),
            .td(Formats.date(c.lastOrderAt), label: "Last order"),
            .td(Formats.date(c.createdAt), label: "Created"),
            m.canDelete ? .element("td", ["class": "row-actions"], [
                .postForm(href + "/delete", csrf: csrf, class: "inline", confirm: "Delete \(c.name)? This cannot be undone.",
                          [.hidden("return_to", "/customers?" + Formats.query(m.query)),
                           .button("Delete", class: "button danger small", label: "Delete \(c.name)")]),
            ]) : .empty,
        ])
    }

    private static func sortable(_ label: String, key: String, _ m: Model) -> HTML {
        let current = m.query["sort"] ?? (m.query["q"] == nil ? "name" : "-created_at")
        let ascending = current == key
        var query = m.query
        query["sort"] = ascending ? "-" + key : key
        query["page"] = nil
        query["cursor"] = nil
        let state = current == key ? "ascending" : current == "-" + key ? "descending" : nil
        return .element("th", ["scope": "col", "aria-sort": state], [
            .link(label + (state == "ascending" ? " ▲" : state == "descending" ? " ▼" : ""), to: "/customers?" + Formats.query(query)),
        ])
    }

    private static func pager(_ m: Model) -> HTML {
        guard m.total > 0 else { return .empty }
        let first = (m.page - 1) * m.perPage + 1
        let last = first + m.customers.count - 1
        var previous = m.query
        previous["cursor"] = nil
        previous["page"] = m.page > 2 ? String(m.page - 1) : nil
        var next = m.query
        next["page"] = String(m.page + 1)
        next["cursor"] = m.nextCursor
        return .element("nav", ["class": "pager", "aria-label": "Pages"], [
            .span("Showing \(first)–\(last) of \(m.totalIsEstimate ? "more than " : "")\(m.total)"),
            .div(["class": "actions"], [
                m.page > 1 ? .link("← Previous page", to: "/customers?" + Formats.query(previous), class: "button secondary") : .empty,
                m.nextCursor != nil ? .link("Next page →", to: "/customers?" + Formats.query(next), class: "button secondary") : .empty,
            ]),
        ])
    }
}
