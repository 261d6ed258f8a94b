import Fluent
import Foundation

extension Customer: RowInsertable {
    /// The row that inserts this new record; sets both timestamps to `date`.
    func insertRow(at date: Date) -> RowInsert {
        createdAt = date
        updatedAt = date
        var row = RowInsert(into: Customer.schema)
        row.set("id", id!)
        row.set("organization_id", organizationID)
        row.set("name", name)
        row.set("name_key", nameKey)
        row.set("search_name", searchName)
        row.set("unique_name_key", uniqueNameKey)
        row.set("first_name", firstName)
        row.set("last_name", lastName)
        row.set("company", company)
        row.set("email", email)
        row.set("phone", phone)
        row.set("birthday", birthday)
        row.set("timezone", timezone)
        row.set("preferred_language", preferredLanguage)
        row.set("preferred_contact_method", preferredContactMethod)
        row.set("best_time_to_call", bestTimeToCall)
        row.set("notes", notes)
        row.set("tags", tagsJSON)
        row.set("custom_fields", customFieldsJSON)
        row.set("external_id", externalID)
        row.set("source", source)
        row.set("status", status)
        row.set("email_opt_in", emailOptIn)
        row.set("email_opt_in_at", emailOptInAt)
        row.set("email_opt_in_source", emailOptInSource)
        row.set("sms_opt_in", smsOptIn)
        row.set("sms_opt_in_at", smsOptInAt)
        row.set("sms_opt_in_source", smsOptInSource)
        row.set("names_validated", namesValidated)
        row.set("managed_by_id", managedByID)
        row.set("loyalty_points", loyaltyPoints)
        row.set("total_orders", totalOrders)
        row.set("total_spent_minor", totalSpentMinor)
        row.set("visits", visits)
        row.set("first_order_at", firstOrderAt)
        row.set("last_order_at", lastOrderAt)
        row.set("version", version)
        row.set("created_at", date)
        row.set("updated_at", date)
        return row
    }
}
