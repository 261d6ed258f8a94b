import FluentKit

struct CreateCustomerTagsEventsAndIdempotency: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("customer_tags")
            .id()
            .field("organization_id", .uuid, .required)
            .field("customer_id", .uuid, .required, .references("customers", "id", onDelete: .cascade))
            .field("tag_key", .string, .required)
            .unique(on: "customer_id", "tag_key", name: "customer_tags_customer_tag_key")
            .create()
        try await SchemaIndex.create("customer_tags_org_tag_idx", on: "customer_tags",
                                     columns: ["organization_id", "tag_key", "customer_id"], in: database)

        let bigint: DatabaseSchema.DataType = SQLDialectKind(database) == .postgres ? .int64 : .int
        try await database.schema("customer_events")
            .field("seq", bigint, .identifier(auto: true))
            .field("id", .uuid, .required)
            .field("organization_id", .uuid, .required)
            // No foreign key: the trail of a deleted customer stays (its erasure is a later, explicit act).
            .field("customer_id", .uuid, .required)
            .field("type", .string, .required)
            .field("actor_user_id", .uuid)
            .field("actor_name", .string)
            .field("source", .string, .required)
            .field("details", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "id", name: "customer_events_id_key")
            .create()
        try await SchemaIndex.create("customer_events_customer_idx", on: "customer_events",
                                     columns: ["organization_id", "customer_id", "seq"], in: database)

        try await database.schema("idempotency_keys")
            .id()
            .field("organization_id", .uuid, .required)
            .field("key", .string, .required)
            .field("request_hash", .string, .required)
            .field("status", .int)
            .field("location", .string)
            .field("body", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "organization_id", "key", name: "idempotency_keys_org_key_key")
            .create()
        try await SchemaIndex.create("idempotency_keys_created_idx", on: "idempotency_keys",
                                     columns: ["created_at"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("idempotency_keys").delete()
        try await database.schema("customer_events").delete()
        try await database.schema("customer_tags").delete()
    }
}
