import Foundation

/// The customer page's "Adjust points" form: points (not 0, negative takes away) and a required reason, posted to
/// `/customers/{id}/loyalty/adjustments` and recorded by `LoyaltyService.adjust`, as the API's adjustment.
enum LoyaltyAdjustmentForm {
    static let fields: Set<String> = ["points", "reason"]

    struct State {
        var values: [String: String] = [:]
        var errors = FormErrors()
    }

    static func path(_ customerID: UUID) -> String { "/customers/\(customerID.canonicalString)/loyalty/adjustments" }

    static func input(_ fields: [String: String]) throws -> LoyaltyAdjustmentInput {
        LoyaltyAdjustmentInput(points: try LoyaltyWebServices.wholeNumber(fields["points"], field: "points"), reason: fields["reason"])
    }

    static func form(_ state: State, customerID: UUID, csrf: String) -> HTML {
        .postForm(path(customerID), csrf: csrf, class: "loyalty-form", [
            .element("h3", ["id": "adjust-title"], [.text("Adjust points")]),
            .errorSummary(state.errors),
            .div(["class": "form-grid"], [
                .field("Points", name: "points", value: state.values["points"], type: "number", errors: state.errors,
                       required: true, idPrefix: "adjust", hint: "Negative to take points away, e.g. -20"),
                .field("Reason", name: "reason", value: state.values["reason"], errors: state.errors, required: true,
                       idPrefix: "adjust", hint: "Shown in the ledger, e.g. “Goodwill for a late delivery”"),
            ]),
            .div(["class": "actions"], [.button("Adjust points")]),
        ])
    }
}
