import Foundation

extension Address.Public {
    /// The same document as `encode(to:)`, keys in the same (sorted) order, written directly.
    func write(to json: inout JSONWriter) {
        let a = address
        json.beginObject()
        json.key("city"); json.string(a.city)
        json.key("contact_name"); json.string(a.contactName)
        json.key("contact_phone"); json.string(a.contactPhone)
        json.key("country"); json.string(a.country)
        json.key("created_at"); json.date(a.createdAt)
        json.key("customer_id"); json.uuid(a.customerID)
        json.key("formatted"); json.string(a.formatted)
        json.key("id"); json.uuid(a.id)
        json.key("is_default"); json.bool(a.isDefault)
        json.key("label"); json.string(a.label)
        json.key("latitude"); json.double(a.latitude)
        json.key("line1"); json.string(a.line1)
        json.key("line2"); json.string(a.line2)
        json.key("longitude"); json.double(a.longitude)
        json.key("notes"); json.string(a.notes)
        json.key("postal_code"); json.string(a.postalCode)
        json.key("region"); json.string(a.region)
        json.key("updated_at"); json.date(a.updatedAt)
        json.endObject()
    }
}
