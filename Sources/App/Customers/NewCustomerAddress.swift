import Foundation

/// The "Address" part of the new-customer form (seed 004: a customer is created with where they live): optional, and
/// when filled it becomes the customer's default address in the same write. Its inputs are named `address.<field>`, as
/// the problems that name them.
enum NewCustomerAddress {
    static let keys = ["label", "line1", "line2", "city", "region", "postal_code", "country"]

    /// The address typed, or nil when every input is empty.
    static func input(_ f: [String: String]) -> Address.Input? {
        var values: [String: String] = [:]
        for key in keys {
            let value = (f["address.\(key)"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if !value.isEmpty { values[key] = value }
        }
        guard !values.isEmpty else { return nil }
        var input = Address.Input()
        func text(_ key: String) -> FieldPatch<String> { values[key].map { .value($0) } ?? .absent }
        input.label = text("label")
        input.line1 = .value(values["line1"] ?? "")
        input.line2 = text("line2")
        input.city = text("city")
        input.region = text("region")
        input.postalCode = text("postal_code")
        input.country = text("country")
        return input
    }

    /// A problem's messages placed on the form: the address inputs' at their inputs (with a line in the summary), the
    /// rest on the profile's.
    static func errors(_ problem: Problem, profileFields: Set<String>) -> (profile: FormErrors, address: FormErrors) {
        var address = FormErrors()
        var rest: [Problem.FieldError] = []
        for error in problem.errors ?? [] {
            if error.field.hasPrefix("address.") {
                if address.byField[error.field] == nil { address.byField[error.field] = error.message }
            } else {
                rest.append(error)
            }
        }
        guard !address.isEmpty else { return (FormErrors(problem, fields: profileFields), address) }
        var profile = rest.isEmpty ? FormErrors() : FormErrors(Problem.validation(rest), fields: profileFields)
        profile.general.append(address.byField.count == 1 ? "The address has a problem: see below."
                               : "The address has \(address.byField.count) problems: see below.")
        return (profile, address)
    }

    static func fieldset(_ v: [String: String], errors: FormErrors) -> HTML {
        func field(_ label: String, _ key: String, hint: String? = nil) -> HTML {
            .field(label, name: "address.\(key)", value: v["address.\(key)"], errors: errors, hint: hint)
        }
        return .element("fieldset", ["class": "card", "id": "new-address"], [
            .element("legend", [:], [.text("Address (optional)")]),
            .p("Saved as the customer's default address.", class: "muted"),
            .div(["class": "form-grid"], [
                field("Label", "label", hint: "e.g. Home, Office"),
                field("Street and number", "line1"),
                field("Address line 2", "line2"),
                field("City", "city"),
                field("Region", "region"),
                field("Postal code", "postal_code"),
                field("Country", "country", hint: "Two letters; the organization's country when empty"),
            ]),
        ])
    }
}
