import Foundation

/// Checks an address body and writes it into the record; `formatted` is rebuilt unless the caller gave one.
struct AddressInputValidator {
    let defaultCountry: String
    let isCreate: Bool

    func apply(_ input: Address.Input, to address: Address) throws {
        var v = Validator()
        func text(_ field: FieldPatch<String>, _ name: String, max: Int, _ keyPath: ReferenceWritableKeyPath<Address, String?>) {
            switch field {
            case .absent: break
            case .null: address[keyPath: keyPath] = nil
            case let .value(raw):
                if raw.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { address[keyPath: keyPath] = nil }
                else if let checked = v.text(raw, name, max: max) { address[keyPath: keyPath] = checked }
            }
        }
        switch input.line1 {
        case let .value(raw): if let line = v.text(raw, "line1", required: true, max: 200) { address.line1 = line }
        case .null: v.add("line1", "is required")
        case .absent: if isCreate { v.add("line1", "is required") }
        }
        text(input.label, "label", max: 50, \.label)
        text(input.line2, "line2", max: 200, \.line2)
        text(input.city, "city", max: 100, \.city)
        text(input.region, "region", max: 100, \.region)
        text(input.postalCode, "postal_code", max: 20, \.postalCode)
        text(input.contactName, "contact_name", max: 200, \.contactName)
        text(input.notes, "notes", max: 1_000, \.notes)
        switch input.country {
        case let .value(raw):
            let code = raw.trimmingCharacters(in: .whitespaces).uppercased()
            if CountryCode.isValid(code) { address.country = code } else { v.add("country", "must be an ISO 3166-1 alpha-2 country code, like US") }
        case .null: v.add("country", "must not be null")
        case .absent: if isCreate { address.country = defaultCountry }
        }
        switch input.latitude {
        case let .value(value): if (-90...90).contains(value) { address.latitude = value } else { v.add("latitude", "must be between -90 and 90") }
        case .null: address.latitude = nil
        case .absent: break
        }
        switch input.longitude {
        case let .value(value): if (-180...180).contains(value) { address.longitude = value } else { v.add("longitude", "must be between -180 and 180") }
        case .null: address.longitude = nil
        case .absent: break
        }
        if (address.latitude == nil) != (address.longitude == nil) {
            v.add(address.latitude == nil ? "latitude" : "longitude", "latitude and longitude go together")
        }
        switch input.contactPhone {
        case let .value(raw) where !raw.trimmingCharacters(in: .whitespaces).isEmpty:
            switch PhoneNumber.normalize(raw, defaultRegion: address.country.isEmpty ? defaultCountry : address.country) {
            case let .success(e164): address.contactPhone = e164
            case let .failure(error): v.add("contact_phone", error.message)
            }
        case .value, .null: address.contactPhone = nil
        case .absent: break
        }
        switch input.formatted {
        case let .value(raw): address.formatted = v.text(raw, "formatted", max: 500) ?? Self.format(address)
        case .null: address.formatted = Self.format(address)
        case .absent: if isCreate || input.changesParts { address.formatted = Self.format(address) }
        }
        try v.check()
    }

    /// One line: "221B Baker St, Flat 2, London NW1 6XE, GB".
    static func format(_ a: Address) -> String {
        let place = [a.city, a.region, a.postalCode].compactMap { $0 }.joined(separator: " ")
        return [a.line1, a.line2, place.isEmpty ? nil : place, a.country].compactMap { $0 }.filter { !$0.isEmpty }
            .joined(separator: ", ")
    }
}

private extension Address.Input {
    var changesParts: Bool {
        !(line1.isAbsent && line2.isAbsent && city.isAbsent && region.isAbsent && postalCode.isAbsent && country.isAbsent)
    }
}
