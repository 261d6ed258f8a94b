import Foundation

/// The customers who look like the same person as the one on screen, with the reasons and a score: on the customer page
/// (open or merge each), and as the warning the new-customer form shows before it saves (open, create anyway, or create
/// and merge).
enum PossibleDuplicatesCard {
    /// On the customer page: nothing when there are none.
    static func card(_ found: [PossibleDuplicate], of customerID: UUID, canMerge: Bool) -> HTML {
        guard !found.isEmpty else { return .empty }
        return .section(["class": "card warning", "aria-labelledby": "duplicates-title"], [
            .h2("Possible duplicates", id: "duplicates-title"),
            .p("These customers look like the same person. Open one to compare, or merge it into this record.", class: "muted"),
            list(found) { candidate in
                [.link("Open", to: "/customers/\(candidate.id.canonicalString)", class: "button secondary small"),
                 canMerge ? .link("Merge into this record", to: MergeChoicePage.path(keep: customerID, other: candidate.id),
                                  class: "button small") : .empty]
            },
        ])
    }

    /// Inside the new-customer form, above its fields: its buttons submit the form as typed.
    static func warning(_ found: [PossibleDuplicate], canMerge: Bool) -> HTML {
        .div(["class": "flash warning", "role": "alert", "id": "duplicate-warning"], [
            .element("strong", [:], [.text(found.count == 1 ? "This customer may already exist." : "These customers may already exist.")]),
            .p("Open one to check, or create the new record anyway.", class: "muted"),
            list(found) { candidate in
                [.element("a", ["href": "/customers/\(candidate.id.canonicalString)", "class": "button secondary small",
                                "target": "_blank", "rel": "noopener"], [.text("Open “\(candidate.name)”")]),
                 canMerge ? .button("Create, then merge into “\(candidate.name)”", class: "button secondary small",
                                    name: "merge_into", value: candidate.id.canonicalString) : .empty]
            },
            .button("Create anyway", class: "button", name: "ignore_duplicates", value: "true"),
        ])
    }

    private static func list(_ found: [PossibleDuplicate], actions: (PossibleDuplicate) -> [HTML]) -> HTML {
        .ul(["class": "duplicates"], found.map { candidate in
            .element("li", ["data-customer-id": candidate.id.canonicalString], [
                .element("strong", [:], [.text(candidate.name)]),
                .text(" "), .span("score \(candidate.score)", class: "badge"),
                .p(candidate.reasons.map(reason).joined(separator: " · "), class: "muted"),
                .div(["class": "actions"], actions(candidate)),
            ])
        })
    }

    /// "same_phone" → "Same phone".
    static func reason(_ code: String) -> String {
        let words = code.replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}
