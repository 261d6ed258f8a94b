import Foundation

/// The customer page's "Redeem" form: a number of points, or one of the active rewards, posted to
/// `/customers/{id}/loyalty/redemptions` and spent by `LoyaltyService.redeem`, as the API's redemption.
enum LoyaltyRedemptionForm {
    static let fields: Set<String> = ["points", "reward_id", "order_id"]

    struct State {
        var rewards: [Reward]
        var values: [String: String] = [:]
        var errors = FormErrors()
    }

    static func path(_ customerID: UUID) -> String { "/customers/\(customerID.canonicalString)/loyalty/redemptions" }

    static func input(_ fields: [String: String]) throws -> LoyaltyRedemptionInput {
        LoyaltyRedemptionInput(points: try LoyaltyWebServices.wholeNumber(fields["points"], field: "points"),
                               rewardID: try LoyaltyWebServices.id(fields["reward_id"], field: "reward_id"),
                               orderID: try LoyaltyWebServices.id(fields["order_id"], field: "order_id"))
    }

    static func form(_ state: State, customerID: UUID, csrf: String) -> HTML {
        let options = [("", "No reward: the points below")]
            + state.rewards.map { ($0.id!.canonicalString, "\($0.name) (\(LoyaltyEntryTable.points($0.pointsCost)))") }
        return .postForm(path(customerID), csrf: csrf, class: "loyalty-form", [
            .element("h3", ["id": "redeem-title"], [.text("Redeem")]),
            .p("Either a reward, or a number of points.", class: "hint"),
            .errorSummary(state.errors),
            .div(["class": "form-grid"], [
                state.rewards.isEmpty ? .empty
                    : .select("Reward", name: "reward_id", options: options, selected: state.values["reward_id"], errors: state.errors,
                              idPrefix: "redeem"),
                .field("Points", name: "points", value: state.values["points"], type: "number", errors: state.errors,
                       idPrefix: "redeem"),
            ]),
            .div(["class": "actions"], [.button("Redeem")]),
        ])
    }
}
