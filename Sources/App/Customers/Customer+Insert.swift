import Fluent
import Foundation

extension Customer: RowInsertable {
    /// The row that inserts this new record; sets both timestamps to `date`.
    func insertRow(at date: Date) -> RowInsert {
        createdAt = date
        updatedAt = date
        var row = RowInsert(into: Customer.schema)
        for (column, value) in columnValues() { row.set(column, value) }
        row.set("created_at", date)
        row.set("updated_at", date)
        return row
    }

    /// Inserts this new record and links the organization's earlier guest orders with its email or phone
    /// (`GuestOrderLinking`), asking whether there are any in the insert itself. Without `linking` (a guest user's
    /// create) nothing is linked.
    func insert(on database: any Database, at date: Date, linkingGuestOrders linking: GuestOrderLinking?) async throws {
        let answer = try await insertRow(at: date).run(
            returning: GuestOrderLinking.guestOrderCount(email: email, phone: phone, organizationID: organizationID), on: database)
        _$id.exists = true
        if let linking, try answer?.decode(column: "guest_orders", as: Int.self) ?? 0 > 0 { try await linking.link(to: self) }
    }

    /// Every stored column but `seq` and the timestamps, with this record's values.
    func columnValues() -> [(String, any Encodable & Sendable)] {
        [("id", id!), ("organization_id", organizationID), ("name", name), ("name_key", nameKey), ("search_name", searchName),
         ("unique_name_key", uniqueNameKey), ("first_name", firstName), ("last_name", lastName), ("company", company),
         ("email", email), ("phone", phone), ("birthday", birthday), ("timezone", timezone),
         ("preferred_language", preferredLanguage), ("preferred_contact_method", preferredContactMethod),
         ("best_time_to_call", bestTimeToCall), ("notes", notes), ("tags", tagsJSON), ("custom_fields", customFieldsJSON),
         ("external_id", externalID), ("source", source), ("status", status),
         ("email_opt_in", emailOptIn), ("email_opt_in_at", emailOptInAt), ("email_opt_in_source", emailOptInSource),
         ("sms_opt_in", smsOptIn), ("sms_opt_in_at", smsOptInAt), ("sms_opt_in_source", smsOptInSource),
         ("names_validated", namesValidated), ("managed_by_id", managedByID), ("loyalty_points", loyaltyPoints),
         ("total_orders", totalOrders), ("total_spent_minor", totalSpentMinor), ("visits", visits),
         ("first_order_at", firstOrderAt), ("last_order_at", lastOrderAt), ("version", version)]
    }
}
