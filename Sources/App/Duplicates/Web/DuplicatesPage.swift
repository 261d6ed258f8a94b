import Foundation

/// `/duplicates`: the organization's likely duplicate pairs, best first, each with its reasons, "Open" for both records
/// and "Merge" (for those who may merge).
enum DuplicatesPage {
    static func page(_ pairs: Page<DuplicatePair>, query: [String: String], canMerge: Bool) -> WebPage {
        WebPage(title: "Possible duplicates", breadcrumbs: [("Customers", "/customers"), ("Possible duplicates", nil)], content: [
            .div(["class": "page-head"], [
                .h1("Possible duplicates"),
                canMerge ? .link("Merges and undo", to: "/merges", class: "button secondary") : .empty,
            ]),
            .p("Customers who look like the same person — same or similar name, phone, email or address — best match first.",
               class: "muted"),
            pairs.data.isEmpty ? .div(["class": "card empty"], [.p("No likely duplicates. Well kept!")]) : table(pairs.data, canMerge: canMerge),
            ListPager.pager(pairs.page, perPage: pairs.perPage, total: pairs.total, count: pairs.data.count,
                            nextCursor: pairs.nextCursor, base: "/duplicates", query: query),
        ])
    }

    private static func table(_ pairs: [DuplicatePair], canMerge: Bool) -> HTML {
        var head: [HTML] = [.th("Customer"), .th("Looks like"), .th("Why"), .element("th", ["scope": "col", "class": "num"], [.text("Score")])]
        if canMerge { head.append(.th("Merge")) }
        let rows: [HTML] = pairs.map { pair -> HTML in
            .element("tr", [:], [
                .td([.link(pair.a.name, to: "/customers/\(pair.a.id.canonicalString)")], class: "primary"),
                .td([.link(pair.b.name, to: "/customers/\(pair.b.id.canonicalString)")]),
                .td(pair.reasons.map(PossibleDuplicatesCard.reason).joined(separator: " · "), label: "Why"),
                .td(String(pair.score), label: "Score", class: "num"),
                canMerge ? .td([.link("Merge…", to: MergeChoicePage.path(keep: pair.a.id, other: pair.b.id), class: "button small")]) : .empty,
            ])
        }
        return .table(caption: "Likely duplicate pairs", head: head, rows: rows, stacked: true)
    }
}
