import FluentKit
import SQLKit

/// Issue 22's merges: one row per merge (who, when, the kept record, its values before, what moved), and one row per
/// removed record with its full snapshot and exactly which rows moved from it — what an undo restores. Both keyed by
/// organization first (Citus).
struct CreateCustomerMerges: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("customer_merges")
            .field("organization_id", .uuid, .required, .references("organizations", .id, onDelete: .cascade))
            .field("id", .uuid, .required)
            // No foreign keys to customers: the removed records are gone while the merge stands, and the kept one may
            // be deleted or erased later; the merge record then only refuses its undo.
            .field("into_id", .uuid, .required)
            // JSON array of the removed records' ids, in the request's order.
            .field("from_ids", .string, .required)
            // JSON object: field name → the id of the record whose value won.
            .field("fields", .string, .required)
            // JSON array of the kept record's columns the merge wrote, and its snapshot before (NULL once erased).
            .field("changed_columns", .string, .required)
            .field("kept_before", .string)
            // JSON object of counts of what moved, per kind (`orders`, `tasks`, …).
            .field("moved", .string, .required)
            .field("actor_user_id", .uuid)
            .field("actor_name", .string)
            .field("created_at", .datetime, .required)
            .field("undone_at", .datetime)
            .field("undone_by_id", .uuid)
            .field("undone_by_name", .string)
            // Set when a person in it was erased: the snapshots are gone, so it can no longer be undone.
            .field("erased_at", .datetime)
            .compositeIdentifier(over: "organization_id", "id")
            .create()
        try await SchemaIndex.create("customer_merges_org_created_idx", on: "customer_merges",
                                     columns: ["organization_id", "created_at", "id"], in: database)
        try await SchemaIndex.create("customer_merges_org_into_idx", on: "customer_merges",
                                     columns: ["organization_id", "into_id"], in: database)

        try await database.schema("customer_merge_sources")
            .field("organization_id", .uuid, .required, .references("organizations", .id, onDelete: .cascade))
            .field("merge_id", .uuid, .required)
            .field("customer_id", .uuid, .required)
            .field("position", .int, .required)
            // The removed record as it was (every column), NULL once the person was erased.
            .field("snapshot", .string)
            // JSON: the ids of the rows that moved from it, per table, with what the move changed besides.
            .field("moves", .string, .required)
            .compositeIdentifier(over: "organization_id", "merge_id", "customer_id")
            .create()
        try await SchemaIndex.create("customer_merge_sources_org_customer_idx", on: "customer_merge_sources",
                                     columns: ["organization_id", "customer_id"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("customer_merge_sources").delete()
        try await database.schema("customer_merges").delete()
    }
}
