import Foundation

/// `/clients/{id}`: one client — its status and email (and the new one waiting for confirmation), the invitation
/// button while it may be invited, its form and "Delete" (which asks first) for the roles that may change clients, its
/// recent orders and its timeline.
enum ClientDetailPage {
    struct Model {
        var client: Client
        var teams: [Team.Public]
        var canManage: Bool
        var form = ClientProfileForm.State()
        var timeline: Page<ClientEvent.Public>
        /// Nil for a role that sees no orders.
        var orders: Page<Order.Public>?
        var query: [String: String] = [:]
    }

    static func page(_ m: Model, csrf: String) -> WebPage {
        let client = m.client
        let id = client.id!
        let base = ClientsListPage.path(id)
        let editable = m.canManage && client.clientStatus != .deleted
        return WebPage(title: client.name, breadcrumbs: [("Clients", "/clients"), (client.name, nil)], content: [
            .div(["class": "page-head"], [
                .h1(client.name),
                editable ? .link("Delete", to: base + "/delete", class: "button danger") : .empty,
            ]),
            // A refusal of a page without the form (a deleted client's) is said above it.
            editable ? .empty : .errorSummary(m.form.errors),
            .div(["class": "columns"], [
                .div([:], [
                    editable ? ClientProfileForm.changeForm(m.form, id: id, teams: m.teams, csrf: csrf) : .empty,
                    orders(m, base: base),
                    ClientTimelineList.section(m.timeline, base: base, query: m.query),
                ]),
                facts(m, csrf: csrf),
            ]),
        ])
    }

    private static func facts(_ m: Model, csrf: String) -> HTML {
        let client = m.client
        let settings = client.settings
        let team = settings.autoAssignTeamID.map { id in m.teams.first { $0.id == id }?.name ?? "A team" } ?? "None"
        var rows: [(String, [HTML])] = [
            ("Status", [.element("span", ["id": "client-status"], [ClientsListPage.status(client.status)])]),
            ("Email", [.text(client.email)]),
        ]
        if let pending = client.pendingEmail {
            rows.append(("New email", [.element("span", ["id": "client-pending-email"], [.text("Waiting for confirmation from \(pending)")])]))
        }
        rows += [
            ("Auto-assign team", [.text(team)]),
            ("Emails the client", [.text(events(settings.clientEmailEvents))]),
            ("Notifies recipients", [.text(events(settings.recipientEvents))]),
            ("Added", [.text(Formats.dateTime(client.createdAt))]),
        ]
        if let deleted = client.deletedAt { rows.append(("Deleted", [.text(Formats.dateTime(deleted))])) }
        return .section(["class": "card", "aria-labelledby": "facts-title"], [
            .h2("Details", id: "facts-title"),
            .element("dl", ["class": "details"], rows.flatMap { [HTML.element("dt", [:], [.text($0.0)]), .element("dd", [:], $0.1)] }),
            invitation(m, csrf: csrf),
        ])
    }

    private static func invitation(_ m: Model, csrf: String) -> HTML {
        let status = m.client.clientStatus
        guard m.canManage, status.mayBeInvited else { return .empty }
        let again = status == .invited
        return .postForm(ClientsListPage.path(m.client.id!) + "/invite", csrf: csrf, class: "actions", [
            .p(again ? "The last link works for 7 days; a new one voids it." : "An email with a link to set up its portal login, valid for 7 days.",
               class: "hint"),
            .button(again ? "Resend invitation" : "Send invitation", class: again ? "button secondary" : "button"),
        ])
    }

    private static func orders(_ m: Model, base: String) -> HTML {
        guard let orders = m.orders else { return .empty }
        return .section(["class": "card", "aria-labelledby": "orders-title"], [
            .h2("Recent orders", id: "orders-title"),
            orders.data.isEmpty ? .p("No orders from this client yet.", class: "muted") : OrdersPage.table(orders.data.map(\.order)),
            CourierPager.pager(page: orders.page, perPage: orders.perPage, total: orders.total, key: "orders_page", base: base, query: m.query),
        ])
    }

    private static func events(_ events: [NotificationEvent]) -> String {
        events.isEmpty ? "Never" : events.map(\.label).joined(separator: ", ")
    }
}
