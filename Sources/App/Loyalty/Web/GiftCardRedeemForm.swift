import Foundation

/// A card's "Redeem" form: an amount and an optional order, spent by `GiftCardService.redeem` as the API's
/// `POST /gift-cards/{id}/redemptions`.
enum GiftCardRedeemForm {
    static let fields: Set<String> = ["amount", "order_id"]

    struct State {
        var values: [String: String] = [:]
        var errors = FormErrors()
    }

    static func input(_ fields: [String: String]) throws -> GiftCard.RedemptionInput {
        GiftCard.RedemptionInput(amount: LoyaltyWebServices.text(fields["amount"]),
                                 orderID: try LoyaltyWebServices.id(fields["order_id"], field: "order_id"))
    }

    static func form(_ state: State, card: GiftCard.Public, csrf: String) -> HTML {
        .postForm(GiftCardTable.path(card.id) + "/redemptions", csrf: csrf, class: "card", [
            .h2("Redeem", id: "redeem-title"),
            .errorSummary(state.errors),
            .div(["class": "form-grid"], [
                .field("Amount (\(card.currency))", name: "amount", value: state.values["amount"], errors: state.errors,
                       required: true, idPrefix: "redeem", hint: "At most \(card.balance)"),
                .field("Order id", name: "order_id", value: state.values["order_id"], errors: state.errors, idPrefix: "redeem",
                       hint: "Optional: the order it pays for"),
            ]),
            .div(["class": "actions"], [.button("Redeem")]),
        ])
    }
}
