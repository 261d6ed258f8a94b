import Fluent
import Foundation

extension CustomerEvent {
    /// Inserts this new entry (its `id` set) without Fluent's reflection.
    func insert(on database: any Database) async throws {
        try await insertRow().run(on: database)
        $id.exists = true
    }

    func insertRow() -> RowInsert {
        Self.insertRow(id: id!, organizationID: organizationID, customerID: customerID, type: type,
                       actor: Actor(userID: actorUserID, name: actorName, source: source), details: detailsJSON, at: createdAt)
    }

    /// The row of a new entry, without its model (an import writes one for each customer it creates).
    static func insertRow(id: UUID, organizationID: UUID, customerID: UUID, type: String, actor: Actor, details: String,
                          at date: Date) -> RowInsert {
        var row = RowInsert(into: CustomerEvent.schema)
        row.set("id", id)
        row.set("organization_id", organizationID)
        row.set("customer_id", customerID)
        row.set("type", type)
        row.set("actor_user_id", actor.userID)
        row.set("actor_name", actor.name)
        row.set("source", actor.source)
        row.set("details", details)
        row.set("created_at", date)
        return row
    }
}
