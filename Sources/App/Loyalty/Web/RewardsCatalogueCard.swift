import Foundation

/// The rewards catalogue as a card: each reward with its cost and whether customers can redeem it; for admins an
/// "Edit" form per reward, an Activate/Deactivate button, and "Add a reward". Posts go to `/rewards` and carry the
/// page to come back to.
enum RewardsCatalogueCard {
    static let fields: Set<String> = ["name", "points_cost", "active"]

    struct State {
        var rewards: [Reward]
        var canManage: Bool
        var values: [String: String] = [:]
        var errors = FormErrors()
    }

    static func card(_ state: State, returnTo: String, csrf: String) -> HTML {
        .section(["class": "card", "id": "rewards", "aria-labelledby": "rewards-title"], [
            .h2("Rewards catalogue", id: "rewards-title"),
            .p("What customers can get for their points; a reward that is not active cannot be redeemed.", class: "hint"),
            state.rewards.isEmpty ? .p("No rewards yet.", class: "muted")
                : .table(caption: "Rewards", head: [.th("Reward"), .th("Points"), .th("Status")]
                             + (state.canManage ? [.element("th", ["scope": "col"], [.span("Actions", class: "visually-hidden")])] : []),
                         rows: state.rewards.map { row($0, state: state, returnTo: returnTo, csrf: csrf) }, stacked: true),
            state.canManage ? addForm(state, returnTo: returnTo, csrf: csrf) : .empty,
        ])
    }

    private static func row(_ reward: Reward, state: State, returnTo: String, csrf: String) -> HTML {
        let id = reward.id!.canonicalString
        var cells: [HTML] = [
            .td([.text(reward.name)], class: "primary"),
            .td(LoyaltyEntryTable.points(reward.pointsCost), label: "Points", class: "num"),
            .element("td", ["data-label": "Status"], [.span(reward.active ? "Active" : "Inactive",
                                                            class: reward.active ? "status active" : "status cancelled")]),
        ]
        if state.canManage {
            cells.append(.td([
                .postForm("/rewards/\(id)", csrf: csrf, class: "inline", [
                    .hidden("return_to", returnTo), .hidden("active", reward.active ? "false" : "true"),
                    .button(reward.active ? "Deactivate" : "Activate", class: "button secondary small",
                            label: (reward.active ? "Deactivate " : "Activate ") + reward.name),
                ]),
                .element("details", [:], [
                    .element("summary", [:], [.text("Edit"), .span(" " + reward.name, class: "visually-hidden")]),
                    .postForm("/rewards/\(id)", csrf: csrf, [
                        .hidden("return_to", returnTo), .hidden("edit", "true"),
                        .field("Name", name: "name", value: reward.name, required: true, idPrefix: "reward-\(id)"),
                        .field("Points cost", name: "points_cost", value: String(reward.pointsCost), type: "number", required: true,
                               idPrefix: "reward-\(id)"),
                        .checkbox("Active", name: "active", checked: reward.active, idPrefix: "reward-\(id)"),
                        .button("Save reward", class: "button small"),
                    ]),
                ]),
            ], class: "row-actions-wide"))
        }
        return .element("tr", ["id": "reward-\(id)"], cells)
    }

    private static func addForm(_ state: State, returnTo: String, csrf: String) -> HTML {
        .postForm("/rewards", csrf: csrf, [
            .element("h3", [:], [.text("Add a reward")]),
            .hidden("return_to", returnTo),
            .errorSummary(state.errors),
            .div(["class": "form-grid"], [
                .field("Reward name", name: "name", value: state.values["name"], errors: state.errors, required: true, idPrefix: "new-reward"),
                .field("Points cost", name: "points_cost", value: state.values["points_cost"], type: "number", errors: state.errors,
                       required: true, idPrefix: "new-reward"),
            ]),
            .div(["class": "actions"], [.button("Add reward")]),
        ])
    }

    /// `Reward.Input` from a posted form: the fields sent (a toggle sends only `active`; the edit form marks itself
    /// with `edit`, so that an unticked "Active" box means false).
    static func input(_ fields: [String: String]) throws -> Reward.Input {
        let active: Bool? = fields["edit"] == "true" ? fields["active"] == "true" : fields["active"].map { $0 == "true" }
        return Reward.Input(name: fields["name"], pointsCost: try LoyaltyWebServices.wholeNumber(fields["points_cost"], field: "points_cost"),
                            active: active)
    }
}
