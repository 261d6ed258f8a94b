import Foundation

/// A pickup or drop-off place on a task: copied from a saved address (`address_id`) or given inline.
struct TaskLocation: Codable, Sendable, Equatable {
    var addressID: UUID?
    var label: String?
    var line1: String?
    var line2: String?
    var city: String?
    var region: String?
    var postalCode: String?
    var country: String?
    var formatted: String?
    var latitude: Double?
    var longitude: Double?
    var contactName: String?
    var contactPhone: String?
    var notes: String?

    enum CodingKeys: String, CodingKey {
        case label, line1, line2, city, region, country, formatted, latitude, longitude, notes
        case addressID = "address_id", postalCode = "postal_code", contactName = "contact_name", contactPhone = "contact_phone"
    }

    init(copying address: Address) {
        addressID = address.id
        label = address.label
        line1 = address.line1
        line2 = address.line2
        city = address.city
        region = address.region
        postalCode = address.postalCode
        country = address.country
        formatted = address.formatted
        latitude = address.latitude
        longitude = address.longitude
        contactName = address.contactName
        contactPhone = address.contactPhone
        notes = address.notes
    }

    func encode(to encoder: any Encoder) throws {
        var out = encoder.container(keyedBy: CodingKeys.self)
        try out.encode(addressID, forKey: .addressID)
        try out.encode(label, forKey: .label)
        try out.encode(line1, forKey: .line1)
        try out.encode(line2, forKey: .line2)
        try out.encode(city, forKey: .city)
        try out.encode(region, forKey: .region)
        try out.encode(postalCode, forKey: .postalCode)
        try out.encode(country, forKey: .country)
        try out.encode(formatted, forKey: .formatted)
        try out.encode(latitude, forKey: .latitude)
        try out.encode(longitude, forKey: .longitude)
        try out.encode(contactName, forKey: .contactName)
        try out.encode(contactPhone, forKey: .contactPhone)
        try out.encode(notes, forKey: .notes)
    }

    static func decode(_ json: String?) -> TaskLocation? {
        json.flatMap { try? JSONDecoder().decode(TaskLocation.self, from: Data($0.utf8)) }
    }

    var json: String { String(decoding: (try? JSONEncoder().encode(self)) ?? Data("{}".utf8), as: UTF8.self) }
}
