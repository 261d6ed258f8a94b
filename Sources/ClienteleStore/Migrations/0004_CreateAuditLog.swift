import FluentKit

struct CreateAuditLog: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_log")
            .id()
            // No foreign keys: the trail outlives the users and organizations it names.
            .field("actor_user_id", .uuid, .required)
            .field("organization_id", .uuid)
            .field("action", .string, .required)
            .field("method", .string, .required)
            .field("path", .string, .required)
            .field("status", .int, .required)
            .field("request_id", .string)
            .field("created_at", .datetime)
            .create()
        try await SchemaIndex.create("audit_log_organization_created_idx", on: "audit_log",
                                     columns: ["organization_id", "created_at"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_log").delete()
    }
}
