import Foundation

/// `/merges`: the organization's merges, newest first, with "Undo" on those that can still be undone (30 days, not
/// undone already, no erasure since). Also the short list on a kept customer's page.
enum MergesPage {
    struct Row {
        let merge: CustomerMergePublic
        let keptName: String?
        let removedNames: [String]
    }

    static func page(_ rows: [Row], page: Page<CustomerMergePublic>, query: [String: String], csrf: String) -> WebPage {
        WebPage(title: "Merges", breadcrumbs: [("Customers", "/customers"), ("Merges", nil)], content: [
            .div(["class": "page-head"], [
                .h1("Merges"),
                .link("Possible duplicates", to: "/duplicates", class: "button secondary"),
            ]),
            rows.isEmpty ? .div(["class": "card empty"], [.p("No merges yet.")]) : table(rows, csrf: csrf, returnTo: "/merges"),
            ListPager.pager(page.page, perPage: page.perPage, total: page.total, count: page.data.count,
                            nextCursor: page.nextCursor, base: "/merges", query: query),
        ])
    }

    /// On the kept customer's page: its merges with their undo buttons.
    static func card(_ rows: [Row], customerID: UUID, csrf: String) -> HTML {
        guard !rows.isEmpty else { return .empty }
        return .section(["class": "card", "aria-labelledby": "merges-title"], [
            .h2("Merges", id: "merges-title"),
            table(rows, csrf: csrf, returnTo: "/customers/\(customerID.canonicalString)"),
        ])
    }

    static func table(_ rows: [Row], csrf: String, returnTo: String) -> HTML {
        .table(caption: "Merges", head: [.th("Merged"), .th("Into"), .th("By"), .th("When"), .th("Undo")], rows: rows.map { row in
            let m = row.merge
            let removed = row.removedNames.isEmpty ? "\(m.from.count) record\(m.from.count == 1 ? "" : "s")"
                : row.removedNames.map { "“\($0)”" }.joined(separator: ", ")
            let into: HTML = row.keptName.map { .link($0, to: "/customers/\(m.into.canonicalString)") } ?? .text("(no longer on file)")
            let undo: HTML
            if let undone = m.undoneAt {
                undo = .span("Undone \(Formats.date(undone))", class: "muted")
            } else if m.canUndo {
                undo = .postForm("/merges/\(m.id.canonicalString)/undo", csrf: csrf, class: "compact",
                                 confirm: "Undo this merge? The merged records come back with their orders, points and history.", [
                    .hidden("return_to", returnTo),
                    .button("Undo", class: "button secondary small", label: "Undo the merge of \(removed)"),
                    .span("until \(Formats.date(m.undoUntil))", class: "muted"),
                ])
            } else {
                undo = .span("No longer possible", class: "muted")
            }
            return .element("tr", ["id": "merge-\(m.id.canonicalString)"], [
                .td(removed, class: "primary"),
                .td([into]),
                .td(m.actor.name ?? "—", label: "By"),
                .td(Formats.dateTime(m.createdAt), label: "When"),
                .td([undo]),
            ])
        }, stacked: true)
    }
}
