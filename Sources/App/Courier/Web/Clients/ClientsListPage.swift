import Foundation

/// `/clients`: the courier's business clients, newest first, searched by name or email and filtered by status (the
/// deleted ones only when asked), both kept in the query string with the page; "New client" for the roles that may.
enum ClientsListPage {
    struct Model {
        var query: [String: String]
        var clients: Page<Client.Public>?
        var problem: String?
        var canManage: Bool
    }

    static func page(_ m: Model) -> WebPage {
        WebPage(title: "Clients", breadcrumbs: [("Clients", nil)], content: [
            .div(["class": "page-head"], [
                .h1("Clients"),
                m.canManage ? .link("New client", to: "/clients/new", class: "button") : .empty,
            ]),
            filters(m),
            m.problem.map { .div(["class": "flash error", "role": "alert"], [.text($0)]) } ?? .empty,
            list(m),
        ])
    }

    private static func filters(_ m: Model) -> HTML {
        let statuses = [("", "All but deleted")] + ClientStatus.allCases.map { ($0.rawValue, Formats.label($0.rawValue)) }
        let filtered = m.query["status"] != nil || m.query["q"] != nil
        return .element("form", ["method": "get", "action": "/clients", "class": "card filters", "role": "search"], [
            .div(["class": "field grow"], [
                .element("label", ["for": "q"], [.text("Name or email")]),
                .void("input", ["type": "search", "id": "q", "name": "q", "value": m.query["q"] ?? ""]),
            ]),
            .select("Status", name: "status", options: statuses, selected: m.query["status"], idPrefix: "filter"),
            .div(["class": "field"], [.div(["class": "compact"], [
                .button("Search"),
                filtered ? .link("Clear", to: "/clients", class: "button secondary") : .empty,
            ])]),
        ])
    }

    private static func list(_ m: Model) -> HTML {
        guard let clients = m.clients else { return .empty }
        return .section(["aria-labelledby": "clients-title"], [
            .h2("Newest first", id: "clients-title"),
            clients.data.isEmpty ? .div(["class": "card empty"], [.p("No clients match.")]) : table(clients.data),
            ListPager.pager(clients.page, perPage: clients.perPage, total: clients.total, count: clients.data.count,
                            nextCursor: clients.nextCursor, base: "/clients", query: m.query),
        ])
    }

    static func table(_ clients: [Client.Public]) -> HTML {
        .table(caption: "Clients", head: [.th("Client and status"), .th("Email"), .th("Added")], rows: clients.map { c in
            let href = path(c.id)
            return .element("tr", ["data-href": href, "tabindex": "0", "id": "client-\(c.id.canonicalString)"], [
                .td([.link(c.name, to: href), .text(" "), status(c.status)], class: "primary"),
                .element("td", ["data-label": "Email"], [
                    .text(c.email),
                    c.pendingEmail.map { .p("Changing to \($0)", class: "muted") } ?? .empty,
                ]),
                .td(Formats.date(c.createdAt), label: "Added"),
            ])
        }, stacked: true)
    }

    static func path(_ id: UUID) -> String { "/clients/\(id.canonicalString)" }

    static func status(_ raw: String) -> HTML {
        let style = raw == ClientStatus.deleted.rawValue ? "cancelled" : raw
        return .span(Formats.label(raw), class: "status \(style)")
    }
}
