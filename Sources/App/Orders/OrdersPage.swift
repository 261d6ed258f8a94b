import Foundation

/// The orders list with search (order or receipt number) and filters, and the orders table shared with
/// the customer page.
enum OrdersPage {
    static func page(_ orders: Page<Order.Public>, query: [String: String], problem: String?, canCreate: Bool) -> WebPage {
        WebPage(title: "Orders", breadcrumbs: [("Orders", nil)], content: [
            .div(["class": "page-head"], [
                .h1("Orders"),
                canCreate ? .link("New order", to: "/orders/new", class: "button") : .empty,
            ]),
            .element("form", ["method": "get", "action": "/orders", "class": "card filters", "role": "search"], [
                .div(["class": "field grow"], [
                    .element("label", ["for": "q"], [.text("Order or receipt number")]),
                    .void("input", ["type": "search", "id": "q", "name": "q", "value": query["q"] ?? ""]),
                ]),
                .select("Status", name: "status", options: [("", "Any status")] + OrderStatus.allCases.map { ($0.rawValue, Formats.label($0.rawValue)) },
                        selected: query["status"]),
                .select("Payment", name: "payment_status",
                        options: [("", "Any payment")] + PaymentStatus.allCases.map { ($0.rawValue, Formats.label($0.rawValue)) },
                        selected: query["payment_status"]),
                .div(["class": "field"], [.button("Search")]),
            ]),
            problem.map { .div(["class": "flash error", "role": "alert"], [.text($0)]) } ?? .empty,
            orders.data.isEmpty ? .div(["class": "card empty"], [.p("No orders match.")]) : table(orders.data.map(\.order)),
            ListPager.pager(orders.page, perPage: orders.perPage, total: orders.total, count: orders.data.count,
                            nextCursor: orders.nextCursor, base: "/orders", query: query),
        ])
    }

    static func table(_ orders: [Order]) -> HTML {
        .table(caption: "Orders", head: [.th("Number and status"), .th("Customer"), .th("Payment"),
                                         .element("th", ["scope": "col", "class": "num"], [.text("Amount")]), .th("Placed")],
               rows: orders.map { o -> HTML in
                   let href = "/orders/\(o.id!.canonicalString)"
                   return .element("tr", ["data-href": href, "tabindex": "0"], [
                       .td([.link(o.number, to: href), .text(" "), .span(Formats.label(o.status), class: "status \(o.status)")],
                           class: "primary"),
                       .td(o.contactName ?? "Guest", label: "Customer"),
                       .td(Formats.label(o.paymentStatus), label: "Payment"),
                       .td(Money.decimalString(minorUnits: o.amountMinor) + " " + o.currency, label: "Amount", class: "num"),
                       .td(Formats.date(o.placedAt), label: "Placed"),
                   ])
               }, stacked: true)
    }
}

/// Previous / next for the keyset-paged lists: the next page follows the cursor, so no page counts all rows.
enum ListPager {
    static func pager(_ page: Int, perPage: Int, total: Int, count: Int, nextCursor: String?, base: String,
                      query: [String: String]) -> HTML {
        guard total > 0 else { return .empty }
        let first = (page - 1) * perPage + 1
        var previous = query
        previous["cursor"] = nil
        previous["page"] = page > 2 ? String(page - 1) : nil
        var next = query
        next["page"] = String(page + 1)
        next["cursor"] = nextCursor
        return .element("nav", ["class": "pager", "aria-label": "Pages"], [
            .span("Showing \(first)–\(first + count - 1) of \(total)"),
            .div(["class": "actions"], [
                page > 1 ? .link("← Previous page", to: base + "?" + Formats.query(previous), class: "button secondary") : .empty,
                nextCursor != nil ? .link("Next page →", to: base + "?" + Formats.query(next), class: "button secondary") : .empty,
            ]),
        ])
    }
}
