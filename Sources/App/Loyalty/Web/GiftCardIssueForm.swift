import Foundation

/// The "Issue gift card" form: initial balance, an optional customer, the last day it can be used and a note, issued by
/// `GiftCardService.issue` as the API's `POST /gift-cards`.
enum GiftCardIssueForm {
    static let fields: Set<String> = ["initial_balance", "customer_id", "expires_on", "note"]

    struct State {
        var values: [String: String] = [:]
        var errors = FormErrors()
    }

    static func input(_ fields: [String: String]) throws -> GiftCard.Input {
        GiftCard.Input(initialBalance: LoyaltyWebServices.text(fields["initial_balance"]),
                       customerID: try LoyaltyWebServices.id(fields["customer_id"], field: "customer_id"),
                       expiresOn: LoyaltyWebServices.text(fields["expires_on"]),
                       note: LoyaltyWebServices.text(fields["note"]))
    }

    static func form(_ state: State, currency: String, csrf: String) -> HTML {
        .postForm("/gift-cards", csrf: csrf, class: "card", [
            .h2("Issue gift card", id: "issue"),
            .p("The card’s code is shown once, right after it is issued.", class: "hint"),
            .errorSummary(state.errors),
            .div(["class": "form-grid"], [
                .field("Initial balance (\(currency))", name: "initial_balance", value: state.values["initial_balance"],
                       errors: state.errors, required: true, idPrefix: "issue", hint: "e.g. 50.00"),
                .field("Customer id", name: "customer_id", value: state.values["customer_id"], errors: state.errors,
                       idPrefix: "issue", hint: "Optional: the customer the card belongs to"),
                .field("Expires on", name: "expires_on", value: state.values["expires_on"], type: "date", errors: state.errors,
                       idPrefix: "issue", hint: "Optional: the last day it can be used"),
                .textArea("Note", name: "note", value: state.values["note"], errors: state.errors, idPrefix: "issue"),
            ]),
            .div(["class": "actions"], [.button("Issue gift card")]),
        ])
    }
}
