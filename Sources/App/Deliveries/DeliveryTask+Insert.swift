import Fluent
import Foundation

extension DeliveryTask: RowInsertable {
    /// The row that inserts this new task; sets both timestamps to `date`.
    func insertRow(at date: Date) -> RowInsert {
        createdAt = date
        updatedAt = date
        var row = RowInsert(into: DeliveryTask.schema)
        row.set("id", id!)
        row.set("organization_id", organizationID)
        row.set("type", type)
        row.set("parent_id", parentID)
        row.set("order_id", orderID)
        row.set("customer_id", customerID)
        row.set("pickup", pickupJSON)
        row.set("dropoff", dropoffJSON)
        row.set("pickup_after", pickupAfter)
        row.set("pickup_before", pickupBefore)
        row.set("dropoff_after", dropoffAfter)
        row.set("dropoff_before", dropoffBefore)
        row.set("agent_id", agentID)
        row.set("team_id", teamID)
        row.set("client_id", clientID)
        row.set("amount_minor", amountMinor)
        row.set("currency", currency)
        row.set("payment_method", paymentMethod)
        row.set("status", status)
        row.set("notes", notes)
        row.set("contact_name", contactName)
        row.set("contact_phone", contactPhone)
        row.set("completed_at", completedAt)
        row.set("version", version)
        row.set("tracking_code", trackingCode)
        row.set("created_at", date)
        row.set("updated_at", date)
        return row
    }
}
