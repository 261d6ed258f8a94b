import Foundation
import Vapor

extension Customer.Public {
    /// The same document as `encode(to:)`, keys in the same (sorted) order, written directly.
    func write(to json: inout JSONWriter) {
        let c = customer
        json.beginObject()
        if deliveryViewOnly {
            json.key("default_address"); writeAddress(to: &json)
            json.key("id"); json.uuid(c.id)
            json.key("name"); json.string(c.name)
            json.key("notes"); json.string(c.notes)
            json.key("phone"); json.string(c.phone)
            json.endObject()
            return
        }
        json.key("best_time_to_call"); json.string(c.bestTimeToCall)
        json.key("birthday"); json.string(c.birthday)
        json.key("company"); json.string(c.company)
        json.key("created_at"); json.date(c.createdAt)
        json.key("custom_fields"); json.json(c.customFieldsJSON)
        json.key("default_address"); writeAddress(to: &json)
        json.key("email"); json.string(c.email)
        json.key("external_id"); json.string(c.externalID)
        json.key("first_name"); json.string(c.firstName)
        json.key("first_order_at"); json.date(c.firstOrderAt)
        json.key("id"); json.uuid(c.id)
        json.key("last_name"); json.string(c.lastName)
        json.key("last_order_at"); json.date(c.lastOrderAt)
        json.key("loyalty_points"); json.int(c.loyaltyPoints)
        json.key("managed_by"); json.uuid(c.managedByID)
        json.key("marketing")
        json.beginObject()
        json.key("email_opt_in"); json.bool(c.emailOptIn)
        json.key("email_opt_in_at"); json.date(c.emailOptInAt)
        json.key("email_opt_in_source"); json.string(c.emailOptInSource)
        json.key("sms_opt_in"); json.bool(c.smsOptIn)
        json.key("sms_opt_in_at"); json.date(c.smsOptInAt)
        json.key("sms_opt_in_source"); json.string(c.smsOptInSource)
        json.endObject()
        json.key("name"); json.string(c.name)
        json.key("names_validated"); json.bool(c.namesValidated)
        if includeNotes { json.key("notes"); json.string(c.notes) }
        json.key("organization_id"); json.uuid(c.organizationID)
        json.key("phone"); json.string(c.phone)
        json.key("preferred_contact_method"); json.string(c.preferredContactMethod)
        json.key("preferred_language"); json.string(c.preferredLanguage)
        json.key("source"); json.string(c.source)
        json.key("status"); json.string(c.status)
        json.key("tags"); json.json(c.tagsJSON)
        json.key("timezone"); json.string(c.timezone)
        json.key("total_orders"); json.int(c.totalOrders)
        json.key("total_spent"); json.string(Money.decimalString(minorUnits: c.totalSpentMinor))
        json.key("updated_at"); json.date(c.updatedAt)
        json.key("version"); json.int(c.version)
        json.key("visits"); json.int(c.visits)
        json.endObject()
    }

    private func writeAddress(to json: inout JSONWriter) {
        guard let address = defaultAddress else { return json.null() }
        Address.Public(address).write(to: &json)
    }

    /// The record as a JSON response.
    func response(status: HTTPResponseStatus) -> Response {
        var json = JSONWriter()
        write(to: &json)
        return Response.json(json, status: status)
    }
}

extension Response {
    static func json(_ json: JSONWriter, status: HTTPResponseStatus) -> Response {
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: "application/json; charset=utf-8")
        return Response(status: status, headers: headers, body: .init(buffer: ByteBuffer(bytes: json.bytes)))
    }
}
