import FluentKit
import SQLKit

/// Issue 18's schema: the outbox (`notifications`, written in the transaction of the event that causes each), the
/// organizations' templates, their event × channel matrix, and every task's unguessable tracking code.
struct CreateNotifications: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = try database.sql
        let postgres = SQLDialectKind(database) == .postgres
        let bigint: DatabaseSchema.DataType = postgres ? .int64 : .int
        try await database.schema("notifications")
            .field("seq", bigint, .identifier(auto: true))
            .field("id", .uuid, .required)
            .field("organization_id", .uuid, .required, .references("organizations", .id, onDelete: .cascade))
            .field("customer_id", .uuid, .references("customers", "id", onDelete: .cascade))
            .field("task_id", .uuid, .references("tasks", "id", onDelete: .setNull))
            .field("kind", .string, .required)
            .field("event", .string, .required)
            .field("channel", .string, .required)
            .field("status", .string, .required)
            .field("recipient", .string)
            .field("subject", .string)
            .field("body", .string, .required)
            .field("html", .string)
            .field("attempts", .int, .required)
            .field("max_attempts", .int, .required)
            .field("last_error", .string)
            .field("skip_reason", .string)
            .field("unsubscribe_token", .string)
            .field("next_attempt_at", .datetime)
            .field("lease_until", .datetime)
            .field("lease_owner", .string)
            .field("created_at", .datetime, .required)
            .field("sent_at", .datetime)
            .field("updated_at", .datetime, .required)
            .unique(on: "id", name: "notifications_id_key")
            .create()
        for (name, columns) in [
            ("notifications_org_seq_idx", ["organization_id", "seq"]),
            ("notifications_org_customer_idx", ["organization_id", "customer_id", "seq"]),
            ("notifications_org_status_idx", ["organization_id", "status", "seq"]),
            ("notifications_org_task_idx", ["organization_id", "task_id"]),
        ] {
            try await SchemaIndex.create(name, on: "notifications", columns: columns, in: database)
        }
        // What the workers scan: only the notifications still to deliver, by when they are due.
        try await sql.raw("""
            CREATE INDEX notifications_due_idx ON notifications (next_attempt_at) WHERE status IN ('queued', 'sending')
            """).run()
        try await sql.raw("""
            CREATE UNIQUE INDEX notifications_unsubscribe_key ON notifications (unsubscribe_token)
            WHERE unsubscribe_token IS NOT NULL
            """).run()

        try await database.schema("notification_templates")
            .id()
            .field("organization_id", .uuid, .required, .references("organizations", .id, onDelete: .cascade))
            .field("event", .string, .required)
            .field("channel", .string, .required)
            .field("subject", .string)
            .field("body", .string, .required)
            .field("updated_by_name", .string)
            .field("updated_at", .datetime, .required)
            .unique(on: "organization_id", "event", "channel", name: "notification_templates_org_event_channel_key")
            .create()

        try await database.schema("organizations").field("notification_matrix", .string).update()
        try await database.schema("tasks").field("tracking_code", .string).update()
        // Codes for the tasks that exist: 128 random bits each, as hex.
        let random = postgres ? "replace(gen_random_uuid()::text, '-', '')" : "lower(hex(randomblob(16)))"
        try await sql.raw("UPDATE tasks SET tracking_code = \(unsafeRaw: random) WHERE tracking_code IS NULL").run()
        try await sql.raw("CREATE UNIQUE INDEX tasks_tracking_code_key ON tasks (tracking_code)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql
        try await sql.raw("DROP INDEX tasks_tracking_code_key").run()
        try await database.schema("tasks").deleteField("tracking_code").update()
        try await database.schema("organizations").deleteField("notification_matrix").update()
        try await database.schema("notification_templates").delete()
        try await database.schema("notifications").delete()
    }
}
