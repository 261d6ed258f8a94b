import ClienteleCore
import Foundation

/// The settings page's "Loyalty programme" form, read back into the `settings.loyalty` object that
/// `OrganizationSettingsUpdate` validates and saves, as the API's PATCH does; its problems come back named per field.
enum LoyaltyProgramForm {
    static let action = "/settings/loyalty"
    static let fields: Set<String> = ["enabled", "points_per_unit", "signup_bonus", "birthday_bonus", "expiry_days", "point_value"]

    struct State {
        var values: [String: String]?
        var errors = FormErrors()
    }

    static func values(of program: LoyaltyProgram) -> [String: String] {
        ["enabled": program.enabled ? "true" : "", "points_per_unit": program.pointsPerUnit.description,
         "signup_bonus": String(program.signupBonus), "birthday_bonus": String(program.birthdayBonus),
         "expiry_days": program.expiryDays.map(String.init) ?? "", "point_value": program.pointValue.description]
    }

    /// `{"enabled", "points_per_unit", …}` as typed: numbers stay text when they are not whole numbers, so that the
    /// settings' own check names the field; an empty expiry means points never expire.
    static func settings(from f: [String: String]) -> JSONValue {
        func trimmed(_ key: String) -> String { (f[key] ?? "").trimmingCharacters(in: .whitespaces) }
        func whole(_ key: String) -> JSONValue { Int(trimmed(key)).map(JSONValue.int) ?? .string(trimmed(key)) }
        return .object([
            "enabled": .bool(f["enabled"] == "true"),
            "points_per_unit": .string(trimmed("points_per_unit")),
            "signup_bonus": whole("signup_bonus"),
            "birthday_bonus": whole("birthday_bonus"),
            "expiry_days": trimmed("expiry_days").isEmpty ? .null : whole("expiry_days"),
            "point_value": .string(trimmed("point_value")),
        ])
    }

    /// The problems of `settings.loyalty.signup_bonus` and its siblings, by the form's field names.
    static func errors(_ problem: Problem) -> FormErrors {
        FormErrors(Problem(problem.status, detail: problem.detail, errors: problem.errors?.map {
            .init(field: $0.field.replacingOccurrences(of: "settings.loyalty.", with: ""), message: $0.message)
        }), fields: fields)
    }

    static func form(_ program: LoyaltyProgram, _ state: State, csrf: String) -> HTML {
        let v = state.values ?? values(of: program)
        let e = state.errors
        return .postForm(action, csrf: csrf, class: "card", [
            .h2("Loyalty programme", id: "loyalty-title"),
            .p("Paid orders of registered customers earn points while the programme is on.", class: "hint"),
            .errorSummary(e),
            .div(["class": "form-grid"], [
                .checkbox("Programme on", name: "enabled", checked: v["enabled"] == "true", idPrefix: "loyalty"),
                .field("Points per unit", name: "points_per_unit", value: v["points_per_unit"], errors: e, idPrefix: "loyalty",
                       hint: "Points per 1.00 spent, e.g. 1 or 2.5"),
                .field("Sign-up bonus", name: "signup_bonus", value: v["signup_bonus"], type: "number", errors: e, idPrefix: "loyalty",
                       hint: "Points once when a customer joins"),
                .field("Birthday bonus", name: "birthday_bonus", value: v["birthday_bonus"], type: "number", errors: e,
                       idPrefix: "loyalty", hint: "Points on the customer’s birthday"),
                .field("Expiry days", name: "expiry_days", value: v["expiry_days"], type: "number", errors: e, idPrefix: "loyalty",
                       hint: "Days until earned points expire; empty: never"),
                .field("Point value", name: "point_value", value: v["point_value"], errors: e, idPrefix: "loyalty",
                       hint: "What one point is worth when redeemed, e.g. 0.01"),
            ]),
            .div(["class": "actions"], [.button("Save loyalty programme")]),
        ])
    }
}
