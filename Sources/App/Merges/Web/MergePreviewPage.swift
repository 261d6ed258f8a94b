import Foundation

/// The preview of a merge: the kept record as it would be, and what would move to it — nothing is changed yet. "Merge"
/// sends the same choices again; "Change the choices" goes back.
enum MergePreviewPage {
    static func page(_ outcome: CustomerMerger.Outcome, request: MergeRequest, other: Customer, csrf: String) -> WebPage {
        let after = outcome.customer
        let values = CustomerForm.values(of: after)
        let shown: [(String, String)] = [
            ("Name", after.name), ("Email", values["email"] ?? ""), ("Phone", values["phone"] ?? ""),
            ("Company", values["company"] ?? ""), ("Birthday", values["birthday"] ?? ""), ("Status", Formats.label(after.status)),
            ("Tags", values["tags"] ?? ""), ("Email marketing", after.emailOptIn ? "Opted in" : "Not opted in"),
            ("SMS marketing", after.smsOptIn ? "Opted in" : "Not opted in"),
            ("Default address", outcome.defaultAddress?.formatted ?? ""), ("Notes", values["notes"] ?? ""),
        ]
        let moved = outcome.merge.moved.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        return WebPage(title: "Preview of the merge", breadcrumbs: [("Customers", "/customers"), ("Merge", nil)], content: [
            .h1("Preview: “\(other.name)” merged into “\(after.name)”"),
            .div(["class": "flash", "role": "status"], [.text("This is a preview: nothing has changed yet.")]),
            .div(["class": "columns"], [
                .section(["class": "card", "aria-labelledby": "after-title"], [
                    .h2("The kept record after the merge", id: "after-title"),
                    .element("dl", ["class": "details"], shown.flatMap { label, value in
                        [HTML.element("dt", [:], [.text(label)]), .element("dd", [:], [.text(value.isEmpty ? "—" : value)])]
                    }),
                ]),
                .section(["class": "card", "aria-labelledby": "moved-title"], [
                    .h2("What moves to it", id: "moved-title"),
                    moved.isEmpty ? .p("Nothing but the profile.", class: "muted")
                        : .ul([:], moved.map { .element("li", [:], [.text("\($0.value) \(Formats.label($0.key).lowercased())")]) }),
                    .p("Orders \(after.totalOrders), spent \(Money.decimalString(minorUnits: after.totalSpentMinor)), "
                       + "loyalty points \(after.loyaltyPoints) — recounted.", class: "muted"),
                ]),
            ]),
            .postForm("/merges", csrf: csrf, [
                .hidden("into", request.into.canonicalString),
                .group(request.from.map { .hidden("from", $0.canonicalString) }),
                .group(request.fields.sorted { $0.key < $1.key }.map { .hidden("fields.\($0.key)", $0.value.canonicalString) }),
                .div(["class": "actions"], [
                    .button("Merge", class: "button", name: "action", value: "merge"),
                    .link("Change the choices", to: MergeChoicePage.path(keep: request.into, other: other.id!), class: "button secondary"),
                ]),
            ]),
        ])
    }
}
