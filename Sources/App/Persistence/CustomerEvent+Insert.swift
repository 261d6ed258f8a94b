import Fluent
import Foundation

extension CustomerEvent {
    /// Inserts this new entry (its `id` set) without Fluent's reflection.
    func insert(on database: any Database) async throws {
        try await insertRow().run(on: database)
        $id.exists = true
    }

    func insertRow() -> RowInsert {
        var row = RowInsert(into: CustomerEvent.schema)
        row.set("id", id!)
        row.set("organization_id", organizationID)
        row.set("customer_id", customerID)
        row.set("type", type)
        row.set("actor_user_id", actorUserID)
        row.set("actor_name", actorName)
        row.set("source", source)
        row.set("details", detailsJSON)
        row.set("created_at", createdAt)
        return row
    }
}
