import Foundation

/// `/orders/new`: an order for an existing customer (found by search, or the one the page was opened from), a new
/// customer typed inline (seed 000: "select an existing customer or create one inline"), or a guest. It works without
/// script: "Find" sends the form back to this page with the search, keeping what was typed.
enum NewOrderPage {
    static let fields: Set<String> = ["customer_mode", "customer_id", "customer", "guest", "number", "amount", "currency",
                                      "payment_method", "payment_status", "status", "receipt_number", "platform"]

    struct Model {
        var values: [String: String]
        var errors = FormErrors()
        /// The customers the search found (or the one preselected), at most `maxMatches`.
        var matches: [Customer] = []
        var searched = false
        var currency: String
        var canCreateGuests: Bool
    }

    static let maxMatches = 10

    static func page(_ m: Model, csrf: String) -> WebPage {
        let v = m.values
        let mode = v["customer_mode"] ?? "existing"
        func radio(_ value: String, _ label: String) -> HTML {
            .div(["class": "choice"], [
                .void("input", ["type": "radio", "name": "customer_mode", "id": "mode-\(value)", "value": value,
                                "checked": HTML.flag(mode == value)]),
                .element("label", ["for": "mode-\(value)"], [.text(label)]),
            ])
        }
        return WebPage(title: "New order", breadcrumbs: [("Orders", "/orders"), ("New order", nil)], content: [
            .h1("New order"),
            .postForm("/orders", csrf: csrf, class: "card", [
                .errorSummary(m.errors),
                .element("fieldset", ["class": "field wide"], [
                    .element("legend", [:], [.text("Customer")]),
                    radio("existing", "An existing customer"),
                    radio("new", "A new customer"),
                    m.canCreateGuests ? radio("guest", "A guest (no customer record)") : .empty,
                ]),
                .element("fieldset", ["class": "card", "id": "existing-customer"], [
                    .element("legend", [:], [.text("Existing customer")]),
                    .div(["class": "filters"], [
                        .field("Find a customer", name: "customer_q", value: v["customer_q"], type: "search", errors: m.errors,
                               hint: "Name, phone or email"),
                        .element("button", ["type": "submit", "class": "button secondary", "formaction": "/orders/new",
                                            "formmethod": "get", "formnovalidate": ""], [.text("Find")]),
                    ]),
                    matches(m),
                    m.errors["customer_id"].map { .element("p", ["class": "field-error", "id": "customer-id-error"], [.text($0)]) } ?? .empty,
                ]),
                .element("fieldset", ["class": "card", "id": "new-customer"], [
                    .element("legend", [:], [.text("New customer")]),
                    .p("Created with the order — or, when their phone or email is already on file, that customer is used.",
                       class: "muted"),
                    .div(["class": "form-grid"], [
                        .field("Name", name: "customer.name", value: v["customer.name"], errors: m.errors),
                        .field("Phone", name: "customer.phone", value: v["customer.phone"], type: "tel", errors: m.errors),
                        .field("Email", name: "customer.email", value: v["customer.email"], type: "email", errors: m.errors),
                    ]),
                ]),
                m.canCreateGuests ? .element("fieldset", ["class": "card", "id": "guest-customer"], [
                    .element("legend", [:], [.text("Guest")]),
                    .div(["class": "form-grid"], [
                        .field("Guest name", name: "guest.name", value: v["guest.name"], errors: m.errors),
                        .field("Guest phone", name: "guest.phone", value: v["guest.phone"], type: "tel", errors: m.errors),
                        .field("Guest email", name: "guest.email", value: v["guest.email"], type: "email", errors: m.errors),
                    ]),
                ]) : .empty,
                .h2("Order"),
                .div(["class": "form-grid"], [
                    .field("Amount", name: "amount", value: v["amount"], errors: m.errors, required: true, hint: "e.g. 24.50"),
                    .field("Currency", name: "currency", value: v["currency"] ?? m.currency, errors: m.errors),
                    .field("Payment method", name: "payment_method", value: v["payment_method"], errors: m.errors,
                           hint: "e.g. card, cash"),
                    .select("Payment", name: "payment_status",
                            options: PaymentStatus.allCases.map { ($0.rawValue, Formats.label($0.rawValue)) },
                            selected: v["payment_status"] ?? "paid", errors: m.errors),
                    .select("Status", name: "status", options: OrderStatus.allCases.map { ($0.rawValue, Formats.label($0.rawValue)) },
                            selected: v["status"] ?? "placed", errors: m.errors),
                    .field("Order number", name: "number", value: v["number"], errors: m.errors,
                           hint: "10 letters and digits; drawn for you when empty"),
                    .field("Receipt number", name: "receipt_number", value: v["receipt_number"], errors: m.errors),
                    .field("Platform", name: "platform", value: v["platform"], errors: m.errors, hint: "e.g. web, phone, app"),
                ]),
                .div(["class": "actions"], [.button("Create order")]),
            ]),
        ])
    }

    private static func matches(_ m: Model) -> HTML {
        if m.matches.isEmpty {
            return m.searched ? .p("No customer matches. Try another search, or create a new customer.", class: "muted") : .empty
        }
        let selected = m.values["customer_id"] ?? (m.matches.count == 1 ? m.matches[0].id!.canonicalString : nil)
        return .element("fieldset", ["class": "field wide"], [
            .element("legend", [:], [.text("Choose the customer")]),
            .group(m.matches.map { customer in
                let id = customer.id!.canonicalString
                let detail = [customer.phone, customer.email].compactMap { $0 }.joined(separator: " · ")
                return .div(["class": "choice"], [
                    .void("input", ["type": "radio", "name": "customer_id", "id": "c-\(id)", "value": id,
                                    "checked": HTML.flag(selected == id)]),
                    .element("label", ["for": "c-\(id)"], [.text(customer.name + (detail.isEmpty ? "" : " — " + detail))]),
                ])
            }),
        ])
    }

    /// The API's order body from the form: one of `customer_id`, `customer` (intake) or `guest`, as the mode says.
    static func body(_ f: [String: String]) -> [String: JSONValue] {
        func value(_ key: String) -> String? {
            let text = (f[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? nil : text
        }
        var body: [String: JSONValue] = [:]
        for key in ["number", "currency", "payment_method", "payment_status", "status", "receipt_number", "platform"] {
            if let text = value(key) { body[key] = .string(text) }
        }
        if let amount = value("amount") { body["amount"] = .string(amount) }
        func person(_ prefix: String) -> JSONValue {
            var object: [String: JSONValue] = [:]
            for key in ["name", "phone", "email"] { if let text = value("\(prefix).\(key)") { object[key] = .string(text) } }
            return .object(object)
        }
        switch f["customer_mode"] ?? "existing" {
        case "new": body["customer"] = person("customer")
        case "guest": body["guest"] = person("guest")
        default: if let id = value("customer_id") { body["customer_id"] = .string(id) }
        }
        return body
    }

    /// The inputs' names: a problem naming one of them (`customer.phone`, `guest.email`) is shown at it.
    static let inputs: Set<String> = fields.union(["customer.name", "customer.phone", "customer.email", "guest.name", "guest.phone",
                                                   "guest.email", "customer_q"])

    static func errors(_ problem: Problem) -> FormErrors {
        var errors = FormErrors()
        for error in problem.errors ?? [] {
            if inputs.contains(error.field), errors.byField[error.field] == nil { errors.byField[error.field] = error.message }
            else { errors.general.append("\(error.field): \(error.message)") }
        }
        if problem.errors?.isEmpty ?? true { errors.general.append(problem.detail) }
        return errors
    }
}
