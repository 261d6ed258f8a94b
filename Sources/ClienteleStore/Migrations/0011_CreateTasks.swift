import Fluent

struct CreateTasks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let bigint: DatabaseSchema.DataType = SQLDialectKind(database) == .postgres ? .int64 : .int
        try await database.schema(DeliveryTask.schema)
            .field("seq", bigint, .identifier(auto: true))
            .field("id", .uuid, .required)
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("type", .string, .required)
            .field("parent_id", .uuid)
            .field("order_id", .uuid, .references(Order.schema, "id", onDelete: .setNull))
            .field("customer_id", .uuid, .references(Customer.schema, "id", onDelete: .setNull))
            .field("pickup", .string)
            .field("dropoff", .string)
            .field("pickup_after", .datetime)
            .field("pickup_before", .datetime)
            .field("dropoff_after", .datetime)
            .field("dropoff_before", .datetime)
            .field("agent_id", .uuid, .references(User.schema, .id, onDelete: .setNull))
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
            try await SchemaIndex.create(name, on: DeliveryTask.schema, columns: columns, in: database)
        }
        try await database.schema(TaskTransition.schema)
            .id()
            .field("organization_id", .uuid, .required)
            .field("task_id", .uuid, .required, .references(DeliveryTask.schema, "id", onDelete: .cascade))
            .field("from_status", .string, .required)
            .field("to_status", .string, .required)
            .field("reason", .string)
            .field("actor_user_id", .uuid)
            .field("actor_name", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await SchemaIndex.create("task_transitions_task_idx", on: TaskTransition.schema,
                                     columns: ["organization_id", "task_id", "created_at"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(TaskTransition.schema).delete()
        try await database.schema(DeliveryTask.schema).delete()
    }
}
