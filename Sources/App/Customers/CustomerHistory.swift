import Foundation

/// A customer's order history, delivery history and timeline, each paged on its own (`orders_page`, …).
enum CustomerHistory {
    static func orders(_ page: Page<Order.Public>?, base: String, query: [String: String]) -> HTML {
        guard let page else { return .empty }
        return .section(["class": "card", "aria-labelledby": "orders-title"], [
            .h2("Order history", id: "orders-title"),
            page.data.isEmpty ? .p("No orders yet.", class: "muted") : OrdersPage.table(page.data.map(\.order)),
            pager(page.page, perPage: page.perPage, total: page.total, key: "orders_page", base: base, query: query),
        ])
    }

    static func tasks(_ page: Page<DeliveryTask.Public>?, base: String, query: [String: String]) -> HTML {
        guard let page else { return .empty }
        return .section(["class": "card", "aria-labelledby": "tasks-title"], [
            .h2("Delivery history", id: "tasks-title"),
            page.data.isEmpty ? .p("No deliveries yet.", class: "muted") : CustomerDeliveryTable.table(page.data),
            pager(page.page, perPage: page.perPage, total: page.total, key: "tasks_page", base: base, query: query),
        ])
    }

    static func timeline(_ page: CustomerEventPage?, base: String, query: [String: String]) -> HTML {
        guard let page else { return .empty }
        return .section(["class": "card", "aria-labelledby": "timeline-title"], [
            .h2("Timeline", id: "timeline-title"),
            page.data.isEmpty ? .p("Nothing yet.", class: "muted") : .element("ol", ["class": "timeline"], page.data.map { entry in
                let e = entry.event
                let changed = describe(e.detailsJSON)
                return .element("li", [:], [
                    .element("strong", [:], [.text(Formats.label(e.type))]),
                    .text(" by \(e.actorName ?? e.source)"),
                    changed.isEmpty ? .empty : .p(changed, class: "muted"),
                    .p(Formats.dateTime(e.createdAt), class: "muted"),
                ])
            }),
            pager(page.page, perPage: page.perPage, total: page.total, key: "timeline_page", base: base, query: query),
        ])
    }

    /// "Fields: name, email" or "From active to blocked" from an entry's details.
    static func describe(_ json: String) -> String {
        guard let details = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] else { return "" }
        if let fields = details["fields"] as? [String] { return "Fields: " + fields.map(Formats.label).joined(separator: ", ") }
        if let from = details["from"] as? String, let to = details["to"] as? String { return "From \(from) to \(to)" }
        return details.keys.sorted().map { key in "\(Formats.label(key)): \(details[key].map { "\($0)" } ?? "")" }.joined(separator: "; ")
    }

    static func pager(_ page: Int, perPage: Int, total: Int, key: String, base: String, query: [String: String]) -> HTML {
        guard total > perPage else { return .empty }
        let pages = (total + perPage - 1) / perPage
        func link(_ label: String, _ target: Int) -> HTML {
            var q = query
            q[key] = String(target)
            return .link(label, to: base + "?" + Formats.query(q), class: "button secondary small")
        }
        return .element("nav", ["class": "pager", "aria-label": "Pages of \(Formats.label(key))"], [
            .span("Page \(page) of \(pages)"),
            .div(["class": "actions"], [
                page > 1 ? link("← Previous", page - 1) : .empty,
                page < pages ? link("Next →", page + 1) : .empty,
            ]),
        ])
    }
}
