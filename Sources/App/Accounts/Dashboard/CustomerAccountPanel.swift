import Foundation

/// What the customer page shows of a customer account: that the record is linked and since when, the fields this
/// organization overrode (each with "Inherit from the account again"), the person's changes its rules refused, and
/// "Unlink from the account" — nothing else of the account. Agents see none of it, as in the API.
struct CustomerAccountPanel {
    var customerID: UUID?
    var linkedSince: Date?
    var overridden: [(field: String, value: String)] = []
    var conflicts: [AccountOverrides.Conflict] = []
    /// The roles that may write the customer inherit fields again and unlink.
    var canChange = false

    init() {}

    init(for customer: Customer, principal: Principal) {
        guard customer.accountID != nil, principal.role != .agent, let id = customer.id else { return }
        customerID = id
        linkedSince = customer.accountLinkedAt
        let values = CustomerForm.values(of: customer)
        overridden = AccountOverrides.fields(customer).map { ($0, values[$0] ?? "") }
        conflicts = AccountOverrides.conflicts(customer)
        canChange = principal.role.allows(.writeCustomers)
    }

    static func path(_ id: UUID) -> String { "/customers/\(id.canonicalString)" }

    /// The inherited fields as the profile form names them.
    static func label(_ field: String) -> String {
        switch field {
        case "name": "Name"
        case "first_name": "First name"
        case "last_name": "Last name"
        case "phone": "Phone"
        case "birthday": "Birthday"
        case "timezone": "Time zone"
        case "preferred_language": "Preferred language"
        default: Formats.label(field)
        }
    }

    /// The "Customer account" card; nothing when the record is not linked (or the caller is an agent).
    func card(csrf: String) -> HTML {
        guard let customerID else { return .empty }
        let path = Self.path(customerID)
        return .section(["class": "card", "id": "account", "aria-labelledby": "account-title"], [
            .h2("Customer account", id: "account-title"),
            .p("Linked to a customer account since \(Formats.date(linkedSince)).", class: "linked-since"),
            .p("The person keeps their name and contact details up to date there; their changes reach this record, except the fields overridden here.",
               class: "hint"),
            overriddenList(path: path, csrf: csrf),
            conflictList(),
            canChange ? .div(["class": "actions"], [
                .link("Unlink from the account", to: path + "/unlink", class: "button danger small"),
            ]) : .empty,
        ])
    }

    private func overriddenList(path: String, csrf: String) -> HTML {
        guard !overridden.isEmpty else { return .empty }
        return .group([
            .element("h3", [:], [.text("Overridden here")]),
            .p("Changed by your staff: the person's changes to these fields no longer reach this record.", class: "hint"),
            .element("ul", ["class": "account-fields"], overridden.map { item in
                .element("li", ["id": "override-\(item.field)"], [
                    .element("strong", [:], [.text(Self.label(item.field))]),
                    .text(": " + (item.value.isEmpty ? "—" : item.value) + " "),
                    canChange ? .postForm(path + "/overrides/\(item.field)/delete", csrf: csrf, class: "inline", [
                        .button("Inherit from the account again", class: "button secondary small",
                                label: "Inherit \(Self.label(item.field).lowercased()) from the account again"),
                    ]) : .empty,
                ])
            }),
        ])
    }

    private func conflictList() -> HTML {
        guard !conflicts.isEmpty else { return .empty }
        return .group([
            .element("h3", [:], [.text("Changes refused")]),
            .element("ul", ["class": "account-fields"], conflicts.map { conflict in
                let asked = conflict.value.map { "asked for “\($0)”" } ?? "asked to clear it"
                return .element("li", ["id": "conflict-\(conflict.field)"], [
                    .element("strong", [:], [.text(Self.label(conflict.field))]),
                    .text(": the customer \(asked) on \(Formats.date(conflict.at)). Refused: \(conflict.reason)\(conflict.reason.hasSuffix(".") ? "" : ".")"),
                ])
            }),
            canChange ? .p("Saving the field in the profile form keeps this record's value and settles the refusal.", class: "hint") : .empty,
        ])
    }
}
