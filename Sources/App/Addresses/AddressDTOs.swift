import Vapor

extension Address {
    struct Input: Decodable, Sendable {
        var label: FieldPatch<String> = .absent
        var line1: FieldPatch<String> = .absent
        var line2: FieldPatch<String> = .absent
        var city: FieldPatch<String> = .absent
        var region: FieldPatch<String> = .absent
        var postalCode: FieldPatch<String> = .absent
        var country: FieldPatch<String> = .absent
        var formatted: FieldPatch<String> = .absent
        var latitude: FieldPatch<Double> = .absent
        var longitude: FieldPatch<Double> = .absent
        var contactName: FieldPatch<String> = .absent
        var contactPhone: FieldPatch<String> = .absent
        var notes: FieldPatch<String> = .absent
        var isDefault: FieldPatch<Bool> = .absent

        enum CodingKeys: String, CodingKey {
            case label, line1, line2, city, region, country, formatted, latitude, longitude, notes
            case postalCode = "postal_code", contactName = "contact_name", contactPhone = "contact_phone"
            case isDefault = "is_default"
        }
    }

    /// The address as the API shows it; every key present.
    struct Public: Content {
        let address: Address

        init(_ address: Address) { self.address = address }

        init(from decoder: any Decoder) throws {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "output only"))
        }

        enum Key: String, CodingKey {
            case id, label, line1, line2, city, region, country, formatted, latitude, longitude, notes
            case customerID = "customer_id", postalCode = "postal_code", contactName = "contact_name"
            case contactPhone = "contact_phone", isDefault = "is_default", createdAt = "created_at", updatedAt = "updated_at"
        }

        func encode(to encoder: any Encoder) throws {
            let a = address
            var out = encoder.container(keyedBy: Key.self)
            try out.encode(a.id, forKey: .id)
            try out.encode(a.customerID, forKey: .customerID)
            try out.encode(a.label, forKey: .label)
            try out.encode(a.line1, forKey: .line1)
            try out.encode(a.line2, forKey: .line2)
            try out.encode(a.city, forKey: .city)
            try out.encode(a.region, forKey: .region)
            try out.encode(a.postalCode, forKey: .postalCode)
            try out.encode(a.country, forKey: .country)
            try out.encode(a.formatted, forKey: .formatted)
            try out.encode(a.latitude, forKey: .latitude)
            try out.encode(a.longitude, forKey: .longitude)
            try out.encode(a.contactName, forKey: .contactName)
            try out.encode(a.contactPhone, forKey: .contactPhone)
            try out.encode(a.notes, forKey: .notes)
            try out.encode(a.isDefault, forKey: .isDefault)
            try out.encode(a.createdAt, forKey: .createdAt)
            try out.encode(a.updatedAt, forKey: .updatedAt)
        }
    }
}
