import Foundation

/// `/merges/new?keep=…&other=…`: the two records side by side; for each field where they differ, which value wins (the
/// kept record's by default, or the other's where the kept one is empty — as the API resolves it). "Preview" shows the
/// result and changes nothing; "Merge" merges.
enum MergeChoicePage {
    static func path(keep: UUID, other: UUID) -> String {
        "/merges/new?" + Formats.query(["keep": keep.canonicalString, "other": other.canonicalString])
    }

    /// A field of the form: the merge field's name, its label, and the form value key it is shown from.
    struct Row: Sendable {
        let merge: MergeField
        let label: String
        let shown: @Sendable (Customer) -> String

        var field: String { merge.name }
    }

    static let rows: [Row] = MergeFields.all.map { field in
        switch field.name {
        case "marketing.email_opt_in": Row(merge: field, label: "Email marketing") { $0.emailOptIn ? "Opted in" : "Not opted in" }
        case "marketing.sms_opt_in": Row(merge: field, label: "SMS marketing") { $0.smsOptIn ? "Opted in" : "Not opted in" }
        case "names_validated": Row(merge: field, label: "Names checked") { $0.namesValidated ? "Yes" : "No" }
        default:
            Row(merge: field, label: Formats.label(field.name)) { CustomerForm.values(of: $0)[field.name] ?? "" }
        }
    }

    static func page(keep: Customer, other: Customer, chosen: [String: String] = [:], problem: String? = nil, csrf: String) -> WebPage {
        let keepID = keep.id!.canonicalString, otherID = other.id!.canonicalString
        let differing = rows.filter { $0.shown(keep) != $0.shown(other) }
        return WebPage(title: "Merge customers", breadcrumbs: [("Customers", "/customers"), ("Merge", nil)], content: [
            .h1("Merge “\(other.name)” into “\(keep.name)”"),
            .p("The record of “\(keep.name)” is kept. Orders, delivery tasks, addresses, loyalty points, gift cards, messages, tags "
               + "and the timeline of “\(other.name)” move to it, and “\(other.name)” is removed. You can undo the merge for 30 days.",
               class: "muted"),
            problem.map { .div(["class": "flash error", "role": "alert"], [.text($0)]) } ?? .empty,
            .p([:], [.link("Keep “\(other.name)” instead", to: path(keep: other.id!, other: keep.id!), class: "button secondary small")]),
            .postForm("/merges", csrf: csrf, class: "card", [
                .hidden("into", keepID), .hidden("from", otherID),
                differing.isEmpty ? .p("The two records hold the same values in every field.", class: "muted")
                    : .table(caption: "Which value to keep", head: [.th("Field"), .th("Kept: \(keep.name)"), .th("Merged: \(other.name)")],
                             rows: differing.map { row($0, keep: keep, other: other, chosen: chosen) }, stacked: true),
                .element("dl", ["class": "details"], [
                    .element("dt", [:], [.text("Orders")]),
                    .element("dd", [:], [.text("\(keep.totalOrders) + \(other.totalOrders)")]),
                    .element("dt", [:], [.text("Loyalty points")]),
                    .element("dd", [:], [.text("\(keep.loyaltyPoints) + \(other.loyaltyPoints)")]),
                ]),
                .div(["class": "actions"], [
                    .button("Preview the merge", class: "button secondary", name: "action", value: "preview"),
                    .button("Merge", class: "button", name: "action", value: "merge"),
                ]),
            ]),
        ])
    }

    /// One field: a radio per record, labelled with its value; the default is the one the merge takes unasked.
    private static func row(_ row: Row, keep: Customer, other: Customer, chosen: [String: String]) -> HTML {
        let name = "fields.\(row.field)"
        let defaultWinner = row.shown(keep).isEmpty && !row.shown(other).isEmpty
            && row.merge.fills ? other : keep
        let selected = chosen[name] ?? defaultWinner.id!.canonicalString
        func choice(_ customer: Customer, _ side: String) -> HTML {
            let id = "m-\(side)-\(row.field.replacingOccurrences(of: ".", with: "-"))"
            let value = row.shown(customer)
            return .td([
                .void("input", ["type": "radio", "name": name, "id": id, "value": customer.id!.canonicalString,
                                "checked": HTML.flag(selected == customer.id!.canonicalString)]),
                .element("label", ["for": id], [.text(value.isEmpty ? "(empty)" : value)]),
            ], class: "choice")
        }
        return .element("tr", [:], [
            .element("th", ["scope": "row"], [.text(row.label)]),
            choice(keep, "keep"), choice(other, "other"),
        ])
    }
}
