import Fluent
import Foundation

extension Order: RowInsertable {
    /// The row that inserts this new order; sets both timestamps to `date`.
    func insertRow(at date: Date) -> RowInsert {
        createdAt = date
        updatedAt = date
        var row = RowInsert(into: Order.schema)
        row.set("id", id!)
        row.set("organization_id", organizationID)
        row.set("number", number)
        row.set("platform", platform)
        row.set("receipt_number", receiptNumber)
        row.set("amount_minor", amountMinor)
        row.set("currency", currency)
        row.set("payment_method", paymentMethod)
        row.set("payment_status", paymentStatus)
        row.set("status", status)
        row.set("placed_at", placedAt)
        row.set("completed_at", completedAt)
        row.set("items", itemsJSON)
        row.set("customer_id", customerID)
        row.set("contact_name", contactName)
        row.set("contact_email", contactEmail)
        row.set("contact_phone", contactPhone)
        row.set("created_by_id", createdByID)
        row.set("version", version)
        row.set("earns_loyalty", $earnsLoyalty.value ?? false)
        row.set("loyalty_points", $loyaltyPoints.value ?? 0)
        row.set("client_id", clientID)
        row.set("created_at", date)
        row.set("updated_at", date)
        return row
    }
}
