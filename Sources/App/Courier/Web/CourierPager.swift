import Foundation

/// Previous / next by page number, under its own query key (`timeline_page`, `orders_page`, `page`) so that several
/// lists on one page each keep their place in the query string.
enum CourierPager {
    static func pager(page: Int, perPage: Int, total: Int, key: String, base: String, query: [String: String]) -> HTML {
        guard total > perPage else { return .empty }
        let pages = (total + perPage - 1) / perPage
        func link(_ label: String, _ target: Int) -> HTML {
            var q = query
            q[key] = target > 1 ? String(target) : nil
            let rest = Formats.query(q)
            return .link(label, to: rest.isEmpty ? base : base + "?" + rest, class: "button secondary small")
        }
        return .element("nav", ["class": "pager", "aria-label": "Pages of \(Formats.label(key))"], [
            .span("Page \(page) of \(pages)"),
            .div(["class": "actions"], [
                page > 1 ? link("← Previous", page - 1) : .empty,
                page < pages ? link("Next →", page + 1) : .empty,
            ]),
        ])
    }

    /// A page number read from the query string: 1 when absent or not a number.
    static func number(_ text: String?) -> Int {
        text.flatMap(Int.init).map { min(max($0, 1), PageRequest.maxPage) } ?? 1
    }
}
