/// "Find by code": a card's full code typed back (case, spaces and dashes ignored), looked up by
/// `GiftCardService.lookup` — throttled like sign-in, as the API's `POST /gift-cards/lookup`.
enum GiftCardLookupForm {
    static func form(code: String?, error: String?, csrf: String) -> HTML {
        var errors = FormErrors()
        if let error { errors.byField["code"] = error }
        return .postForm("/gift-cards/lookup", csrf: csrf, class: "card filters", [
            .div(["class": "field grow"], [
                .field("Find by code", name: "code", value: code, errors: errors, autocomplete: "off", idPrefix: "lookup"),
            ]),
            .div(["class": "field"], [.button("Find card")]),
        ])
    }
}
