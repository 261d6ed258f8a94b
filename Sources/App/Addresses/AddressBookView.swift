/// A customer's saved addresses: add, edit, make default, delete after a confirmation.
enum AddressBookView {
    static let fields: Set<String> = ["label", "line1", "line2", "city", "region", "postal_code", "country",
                                      "contact_name", "contact_phone", "notes", "is_default"]

    static func values(of a: Address) -> [String: String] {
        ["label": a.label ?? "", "line1": a.line1, "line2": a.line2 ?? "", "city": a.city ?? "", "region": a.region ?? "",
         "postal_code": a.postalCode ?? "", "country": a.country, "contact_name": a.contactName ?? "",
         "contact_phone": a.contactPhone ?? "", "notes": a.notes ?? ""]
    }

    static func card(_ m: CustomerProfilePage.Model, path: String, csrf: String) -> HTML {
        .section(["class": "card", "aria-labelledby": "addresses-title"], [
            .h2("Address book", id: "addresses-title"),
            m.addresses.isEmpty ? .p("No saved addresses yet.", class: "muted") : .empty,
            .group(m.addresses.map { address($0, m, path: path, csrf: csrf) }),
            m.canWrite ? addForm(m, path: path, csrf: csrf) : .empty,
        ])
    }

    private static func address(_ a: Address, _ m: CustomerProfilePage.Model, path: String, csrf: String) -> HTML {
        let id = a.id!.canonicalString
        let base = path + "/addresses/" + id
        let failed = m.addressErrors?.id == id ? m.addressErrors : nil
        return .div(["class": "address"], [
            .p([:], [
                .element("strong", [:], [.text(a.label ?? "Address")]),
                a.isDefault ? .span(" Default", class: "status active") : .empty,
            ]),
            .p(a.formatted),
            a.contactName.map { .p("Contact: \($0)" + (a.contactPhone.map { ", \($0)" } ?? ""), class: "muted") } ?? .empty,
            m.canWrite ? .div(["class": "actions"], [
                a.isDefault ? .empty : .postForm(base + "/default", csrf: csrf, class: "inline",
                                                 [.button("Set as default", class: "button secondary small", label: "Set \(a.label ?? a.formatted) as default")]),
                .postForm(base + "/delete", csrf: csrf, class: "inline", confirm: "Delete the address “\(a.formatted)”?",
                          [.button("Delete", class: "button danger small", label: "Delete address \(a.label ?? a.formatted)")]),
            ]) : .empty,
            m.canWrite ? .element("details", ["open": HTML.flag(failed != nil)], [
                .element("summary", [:], [.text("Edit " + (a.label ?? "address"))]),
                .postForm(base, csrf: csrf, [
                    .errorSummary(failed?.errors ?? FormErrors()),
                    inputs(failed?.values ?? values(of: a), errors: failed?.errors ?? FormErrors(), prefix: "a-" + id),
                    .button("Save address", class: "button small"),
                ]),
            ]) : .empty,
        ])
    }

    private static func addForm(_ m: CustomerProfilePage.Model, path: String, csrf: String) -> HTML {
        let failed = m.addressErrors?.id == "new" ? m.addressErrors : nil
        return .element("details", ["open": HTML.flag(failed != nil || m.addresses.isEmpty)], [
            .element("summary", [:], [.text("Add an address")]),
            .postForm(path + "/addresses", csrf: csrf, [
                .errorSummary(failed?.errors ?? FormErrors()),
                inputs(failed?.values ?? [:], errors: failed?.errors ?? FormErrors(), prefix: "a-new"),
                .checkbox("Make it the default address", name: "is_default", checked: failed?.values["is_default"] == "true", idPrefix: "a-new"),
                .button("Add address", class: "button small"),
            ]),
        ])
    }

    /// The labelled fields of one address, shared by the customer page and the customer account portal.
    static func inputs(_ v: [String: String], errors: FormErrors, prefix: String) -> HTML {
        .group([
            .field("Label", name: "label", value: v["label"], errors: errors, idPrefix: prefix, hint: "e.g. Home, Office"),
            .field("Street and number", name: "line1", value: v["line1"], errors: errors, required: true, idPrefix: prefix),
            .field("Address line 2", name: "line2", value: v["line2"], errors: errors, idPrefix: prefix),
            .field("City", name: "city", value: v["city"], errors: errors, idPrefix: prefix),
            .field("Region", name: "region", value: v["region"], errors: errors, idPrefix: prefix),
            .field("Postal code", name: "postal_code", value: v["postal_code"], errors: errors, idPrefix: prefix),
            .field("Country", name: "country", value: v["country"], errors: errors, idPrefix: prefix, hint: "Two letters; the organization's country when empty"),
            .field("Contact name", name: "contact_name", value: v["contact_name"], errors: errors, idPrefix: prefix),
            .field("Contact phone", name: "contact_phone", value: v["contact_phone"], type: "tel", errors: errors, idPrefix: prefix),
            .field("Notes", name: "notes", value: v["notes"], errors: errors, idPrefix: prefix),
        ])
    }

    /// The API's address input from the form; an emptied optional field is cleared.
    static func input(_ f: [String: String], isCreate: Bool) -> Address.Input {
        var input = Address.Input()
        func text(_ key: String) -> FieldPatch<String> {
            let value = (f[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            return value.isEmpty ? (isCreate ? .absent : .null) : .value(value)
        }
        input.label = text("label")
        input.line1 = .value((f["line1"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
        input.line2 = text("line2")
        input.city = text("city")
        input.region = text("region")
        input.postalCode = text("postal_code")
        if let country = f["country"]?.trimmingCharacters(in: .whitespaces), !country.isEmpty { input.country = .value(country) }
        input.contactName = text("contact_name")
        input.contactPhone = text("contact_phone")
        input.notes = text("notes")
        if isCreate, f["is_default"] == "true" { input.isDefault = .value(true) }
        return input
    }
}
