import FluentKit

/// Signed-in dashboard browsers: only a SHA-256 of the cookie is stored. Deleting a user deletes its sessions;
/// `password_stamp` ends them when the password changes.
struct CreateDashboardSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("dashboard_sessions")
            .id()
            .field("user_id", .uuid, .required, .references("users", .id, onDelete: .cascade))
            .field("organization_id", .uuid, .references("organizations", .id, onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("csrf_token", .string, .required)
            .field("password_stamp", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash", name: "dashboard_sessions_token_hash_key")
            .create()
        try await SchemaIndex.create("dashboard_sessions_user_idx", on: "dashboard_sessions", columns: ["user_id"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("dashboard_sessions").delete()
    }
}
