import Foundation

/// `/account`: the person's orders across its organizations, newest first and paginated — each with its organization,
/// status, amount, its deliveries' tracking status and link, and a Reorder button. Nothing internal: no notes, no staff.
enum AccountOrdersPage {
    static let keys = ["page", "cursor", "per_page"]

    static func page(_ orders: Page<AccountOrders.View>?, query: [String: String], problem: String?, context: AccountPortalContext) -> WebPage {
        WebPage(title: "Your orders", content: [
            .h1("Your orders"),
            context.account.isVerified ? .empty : unverified(context),
            AccountPages.alert(problem),
            list(orders, query: query, context: context),
        ])
    }

    /// Until the address is confirmed no organization can be joined: say so, with a new link a click away.
    static func unverified(_ context: AccountPortalContext, back: String = "/account") -> HTML {
        .div(["class": "flash warning", "role": "note"], [
            .p("Confirm your email address: we sent a link to \(context.account.email). Until then you cannot join organizations."),
            .postForm("/account/verification", csrf: context.csrf, class: "inline", [
                .hidden("back", back), .button("Send a new link", class: "button small"),
            ]),
        ])
    }

    private static func list(_ orders: Page<AccountOrders.View>?, query: [String: String], context: AccountPortalContext) -> HTML {
        guard let orders else { return .empty }
        guard !orders.data.isEmpty else {
            return .div(["class": "card empty"], [
                .p([:], [.text("No orders yet. Join the organizations you buy from on the "), .link("Organizations", to: "/account/organizations"),
                         .text(" page: their orders for you show here.")]),
            ])
        }
        let time = context.time
        let rows = orders.data.map { order -> HTML in
            .element("tr", ["id": "order-\(order.id.canonicalString)"], [
                .td([.element("strong", [:], [.text(order.number)]), .text(" "), .span(Formats.label(order.status), class: "status \(order.status)"),
                     items(order)], class: "primary"),
                .td(order.organization.name, label: "From"),
                .td("\(order.amount) \(order.currency)", label: "Amount"),
                .td(Formats.label(order.paymentStatus), label: "Payment"),
                .td(time.display(order.placedAt), label: "Placed"),
                .element("td", ["data-label": "Delivery"], [tracking(order)]),
                .element("td", [:], [
                    .postForm("/account/orders/\(order.id.canonicalString)/reorder", csrf: context.csrf, class: "inline", [
                        .button("Reorder", class: "button secondary small", label: "Reorder order \(order.number)"),
                    ]),
                ]),
            ])
        }
        return .group([
            .table(caption: "Your orders, newest first",
                   head: [.th("Order"), .th("From"), .th("Amount"), .th("Payment"), .th("Placed"), .th("Delivery"),
                          .element("th", ["scope": "col"], [.span("Reorder", class: "visually-hidden")])],
                   rows: rows, stacked: true),
            ListPager.pager(orders.page, perPage: orders.perPage, total: orders.total, count: orders.data.count,
                            nextCursor: orders.nextCursor, base: "/account", query: query),
        ])
    }

    private static func items(_ order: AccountOrders.View) -> HTML {
        guard !order.items.isEmpty else { return .empty }
        return .p(order.items.map { "\($0.quantity) × \($0.name)" }.joined(separator: ", "), class: "hint")
    }

    /// Each pickup and delivery's status, with its tracking page.
    private static func tracking(_ order: AccountOrders.View) -> HTML {
        guard !order.tasks.isEmpty else { return .text("—") }
        return .ul(["class": "tracking"], order.tasks.map { task in
            .group([
                .text(Formats.label(task.type) + " "),
                .span(Formats.label(task.status), class: "status \(task.status)"),
                task.trackingURL.map { url in
                    .group([.text(" "), .element("a", ["href": url, "class": "tracking-link",
                                                       "aria-label": "Track the \(task.type) of order \(order.number)"], [.text("Track")])])
                } ?? .empty,
            ])
        })
    }
}
