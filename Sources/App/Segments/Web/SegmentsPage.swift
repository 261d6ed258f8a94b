import Foundation

/// `/segments`: each saved segment with what it filters, how many customers it matches now, and links to list and
/// export them; rename and delete (behind a confirmation).
enum SegmentsPage {
    struct Row {
        let segment: Segment
        let count: Int
    }

    static func page(_ rows: [Row], total: Int, page: PageRequest, csrf: String) -> WebPage {
        WebPage(title: "Segments", breadcrumbs: [("Customers", "/customers"), ("Segments", nil)], content: [
            .div(["class": "page-head"], [
                .h1("Segments"),
                .link("Filter customers", to: "/customers", class: "button secondary"),
            ]),
            .p("A segment is a saved filter of the customer list. Set filters on the customers page, then “Save segment”.",
               class: "muted"),
            rows.isEmpty ? .div(["class": "card empty"], [.p("No segments yet.")])
                : .table(caption: "Segments", head: [.th("Name"), .th("Filters"),
                                                     .element("th", ["scope": "col", "class": "num"], [.text("Customers")]),
                                                     .th("Actions")],
                         rows: rows.map { row($0, csrf: csrf) }, stacked: true),
            total > page.offset + rows.count
                ? .link("Next page →", to: "/segments?page=\(page.page + 1)", class: "button secondary") : .empty,
        ])
    }

    private static func row(_ r: Row, csrf: String) -> HTML {
        let id = r.segment.id!.canonicalString
        let filters = r.segment.filters.values.sorted { $0.key < $1.key }
        return .element("tr", [:], [
            .td([.link(r.segment.name, to: "/customers?segment_id=\(id)")], class: "primary"),
            .td(filters.isEmpty ? "Everyone" : filters.map { "\($0.key.replacingOccurrences(of: "_", with: " ")): \($0.value)" }
                    .joined(separator: ", "), label: "Filters"),
            .td(String(r.count), label: "Customers", class: "num"),
            .element("td", ["class": "row-actions"], [
                .link("Export CSV", to: "/customers/export.csv?segment_id=\(id)", class: "button secondary small"),
                .postForm("/segments/\(id)", csrf: csrf, class: "inline", [
                    .field("New name", name: "name", value: r.segment.name, idPrefix: "rename-\(id)"),
                    .button("Rename", class: "button secondary small", label: "Rename \(r.segment.name)"),
                ]),
                .postForm("/segments/\(id)/delete", csrf: csrf, class: "inline",
                          confirm: "Delete the segment \(r.segment.name)? Its customers stay.",
                          [.button("Delete", class: "button danger small", label: "Delete \(r.segment.name)")]),
            ]),
        ])
    }
}
