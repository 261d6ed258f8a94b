import Vapor

/// The portal's "New order" form: where to pick up and drop off, who receives it, when (in the courier's time zone),
/// notes and the client's reference. Its field names are the API's, so `ClientOrderService`'s messages land at them.
enum ClientOrderForm {
    static let placeKeys = [("line1", "Street and number", "address-line1"), ("city", "City", "address-level2"),
                            ("postal_code", "Postal code", "postal-code"), ("contact_name", "Contact name", "name"),
                            ("contact_phone", "Contact phone", "tel")]
    static let windowKeys = ["pickup_window.start", "pickup_window.end", "dropoff_window.start", "dropoff_window.end"]
    static let fields: Set<String> = Set(["pickup", "dropoff"].flatMap { place in placeKeys.map { "\(place).\($0.0)" } }
        + ["recipient.name", "recipient.phone", "recipient.email", "notes", "reference"] + windowKeys)

    struct State {
        var values: [String: String] = [:]
        var errors = FormErrors()
    }

    /// The order the form describes. A time that cannot be read is reported with the service's own checks.
    static func input(_ values: [String: String], time: PortalDateTime, defaultCountry: String) throws -> ClientOrderInput {
        func text(_ key: String) -> String? {
            let trimmed = (values[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        }
        func place(_ name: String) throws -> TaskLocation {
            var object: [String: JSONValue] = [:]
            for (key, _, _) in placeKeys { if let value = text("\(name).\(key)") { object[key] = .string(value) } }
            return try JSONValue.object(object).decoded(as: TaskLocation.self)
        }
        var unreadable: [Problem.FieldError] = []
        func moment(_ key: String) -> Date? {
            guard let raw = text(key) else { return nil }
            guard let date = time.parse(raw) else {
                unreadable.append(.init(field: key, message: "is not a date and time, like 2026-12-03 14:30"))
                return nil
            }
            return date
        }
        func window(_ name: String) -> DeliveryTask.Window? {
            let start = moment("\(name).start"), end = moment("\(name).end")
            return start == nil && end == nil ? nil : DeliveryTask.Window(start: start, end: end)
        }
        let input = ClientOrderInput(
            pickup: try place("pickup"), dropoff: try place("dropoff"),
            recipient: .init(name: text("recipient.name"), phone: text("recipient.phone"), email: text("recipient.email")),
            pickupWindow: window("pickup_window"), dropoffWindow: window("dropoff_window"),
            notes: text("notes"), reference: text("reference"))
        guard unreadable.isEmpty else {
            var errors = unreadable
            do { _ = try input.checked(defaultCountry: defaultCountry) } catch let problem as Problem { errors += problem.errors ?? [] }
            throw Problem.validation(errors)
        }
        return input
    }

    static func form(_ state: State, timeZone: String, csrf: String) -> HTML {
        let v = state.values, e = state.errors
        func place(_ name: String, _ legend: String) -> HTML {
            group(legend, placeKeys.map { key, label, autocomplete in
                .field(label, name: "\(name).\(key)", value: v["\(name).\(key)"], type: key == "contact_phone" ? "tel" : "text",
                       errors: e, required: key == "line1", autocomplete: "section-\(name) \(autocomplete)", idPrefix: "order")
            })
        }
        return .postForm("/client/orders", csrf: csrf, [
            .errorSummary(e),
            place("pickup", "Pickup"),
            place("dropoff", "Drop-off"),
            group("Recipient", [
                .field("Name", name: "recipient.name", value: v["recipient.name"], errors: e, required: true, idPrefix: "order"),
                .field("Phone", name: "recipient.phone", value: v["recipient.phone"], type: "tel", errors: e, idPrefix: "order",
                       hint: "A phone or an email, to tell the recipient about the delivery."),
                .field("Email", name: "recipient.email", value: v["recipient.email"], type: "email", errors: e, idPrefix: "order"),
            ]),
            group("When", [
                .p("Optional. Times are in \(timeZone), the courier’s time zone.", class: "hint field wide"),
                .field("Pickup from", name: "pickup_window.start", value: v["pickup_window.start"], type: "datetime-local", errors: e, idPrefix: "order"),
                .field("Pickup by", name: "pickup_window.end", value: v["pickup_window.end"], type: "datetime-local", errors: e, idPrefix: "order"),
                .field("Drop-off from", name: "dropoff_window.start", value: v["dropoff_window.start"], type: "datetime-local", errors: e,
                       idPrefix: "order"),
                .field("Drop-off by", name: "dropoff_window.end", value: v["dropoff_window.end"], type: "datetime-local", errors: e, idPrefix: "order"),
            ]),
            group("Details", [
                .field("Your reference", name: "reference", value: v["reference"], errors: e, idPrefix: "order",
                       hint: "Optional: your receipt or ticket number."),
                .textArea("Notes for the driver", name: "notes", value: v["notes"], errors: e, idPrefix: "order"),
            ]),
            .div(["class": "actions"], [.button("Place order")]),
        ])
    }

    private static func group(_ legend: String, _ fields: [HTML]) -> HTML {
        .element("fieldset", ["class": "card"], [.element("legend", [:], [.text(legend)]), .div(["class": "form-grid"], fields)])
    }
}
