import ClienteleStore
import Foundation

extension Address {
    /// The address, validated and not yet stored, as the one `INSERT` that writes it with its possible-duplicate key:
    /// what a write that may run its transaction again uses (a new customer's first address, an import's rows), since
    /// Fluent's `create` marks the model stored and cannot run twice.
    func insertRow(at date: Date) -> RowInsert {
        refreshDuplicateKey()
        var row = RowInsert(into: Address.schema)
        row.set("id", id ?? UUID.timeOrdered())
        row.set("organization_id", organizationID)
        row.set("customer_id", customerID)
        row.set("label", label)
        row.set("line1", line1)
        row.set("line2", line2)
        row.set("city", city)
        row.set("region", region)
        row.set("postal_code", postalCode)
        row.set("country", country)
        row.set("formatted", formatted)
        row.set("latitude", latitude)
        row.set("longitude", longitude)
        row.set("contact_name", contactName)
        row.set("contact_phone", contactPhone)
        row.set("notes", notes)
        row.set("dup_key", duplicateKey)
        row.set("is_default", isDefault)
        row.set("created_at", date)
        row.set("updated_at", date)
        return row
    }
}
