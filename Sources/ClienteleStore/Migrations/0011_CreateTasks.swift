import FluentKit

struct CreateTasks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let bigint: DatabaseSchema.DataType = SQLDialectKind(database) == .postgres ? .int64 : .int
        try await database.schema("tasks")
            .field("seq", bigint, .identifier(auto: true))
            .field("id", .uuid, .required)
            .field("organization_id", .uuid, .required, .references("organizations", .id, onDelete: .cascade))
            .field("type", .string, .required)
            .field("parent_id", .uuid)
            .field("order_id", .uuid, .references("orders", "id", onDelete: .setNull))
            .field("customer_id", .uuid, .references("customers", "id", onDelete: .setNull))
            .field("pickup", .string)
            .field("dropoff", .string)
            .field("pickup_after", .datetime)
            .field("pickup_before", .datetime)
            .field("dropoff_after", .datetime)
            .field("dropoff_before", .datetime)
            .field("agent_id", .uuid, .references("users", .id, onDelete: .setNull))
            .field("team", .string)
            .field("amount_minor", .int64)
            .field("currency", .string)
            .field("payment_method", .string)
            .field("status", .string, .required)
            .field("notes", .string)
            .field("contact_name", .string)
            .field("contact_phone", .string)
            .field("completed_at", .datetime)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "id", name: "tasks_id_key")
            .create()
        for (name, columns) in [
            ("tasks_org_seq_idx", ["organization_id", "seq"]),
            ("tasks_org_customer_idx", ["organization_id", "customer_id", "seq"]),
            ("tasks_org_agent_idx", ["organization_id", "agent_id", "seq"]),
            ("tasks_org_order_idx", ["organization_id", "order_id"]),
            ("tasks_org_status_idx", ["organization_id", "status", "seq"]),
        ] {
            try await SchemaIndex.create(name, on: "tasks", columns: columns, in: database)
        }
        try await database.schema("task_transitions")
            .id()
            .field("organization_id", .uuid, .required)
            .field("task_id", .uuid, .required, .references("tasks", "id", onDelete: .cascade))
            .field("from_status", .string, .required)
            .field("to_status", .string, .required)
            .field("reason", .string)
            .field("actor_user_id", .uuid)
            .field("actor_name", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await SchemaIndex.create("task_transitions_task_idx", on: "task_transitions",
                                     columns: ["organization_id", "task_id", "created_at"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("task_transitions").delete()
        try await database.schema("tasks").delete()
    }
}
