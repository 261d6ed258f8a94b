import Foundation

/// `/client`: the client's orders, newest first, with a status filter and the page kept in the query string.
enum ClientOrdersPage {
    static let keys = ["status", "page", "cursor", "per_page"]

    static func page(_ orders: Page<ClientOrderView>?, query: [String: String], problem: String?, time: PortalDateTime) -> WebPage {
        WebPage(title: "Orders", content: [
            .div(["class": "page-head"], [.h1("Your orders"), .link("New order", to: "/client/orders/new", class: "button")]),
            .element("form", ["method": "get", "action": "/client", "class": "card filters"], [
                .select("Status", name: "status", options: [("", "Any status")] + OrderStatus.allCases.map { ($0.rawValue, Formats.label($0.rawValue)) },
                        selected: query["status"]),
                .div(["class": "field"], [.button("Filter")]),
            ]),
            problem.map { .div(["class": "flash error", "role": "alert"], [.text($0)]) } ?? .empty,
            list(orders, query: query, time: time),
        ])
    }

    private static func list(_ orders: Page<ClientOrderView>?, query: [String: String], time: PortalDateTime) -> HTML {
        guard let orders else { return .empty }
        guard !orders.data.isEmpty else {
            return .div(["class": "card empty"], [.p(query["status"] == nil ? "No orders yet: send your first delivery with “New order”."
                                                                           : "No orders match.")])
        }
        let rows = orders.data.map { order -> HTML in
            let href = "/client/orders/\(order.id.canonicalString)"
            let progress = order.deliveryStatus ?? order.status
            return .element("tr", ["data-href": href], [
                .td([.link(order.number, to: href), .text(" "), .span(Formats.label(progress), class: "status \(progress)")], class: "primary"),
                .td(order.reference ?? "—", label: "Reference"),
                .td(order.recipient.name ?? "—", label: "Recipient"),
                .td(time.display(order.createdAt), label: "Placed"),
            ])
        }
        return .group([
            .table(caption: "Your orders, newest first", head: [.th("Order and delivery"), .th("Reference"), .th("Recipient"), .th("Placed")],
                   rows: rows, stacked: true),
            ListPager.pager(orders.page, perPage: orders.perPage, total: orders.total, count: orders.data.count,
                            nextCursor: orders.nextCursor, base: "/client", query: query),
        ])
    }
}
