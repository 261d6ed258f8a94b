import FluentKit

struct CreateUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .id()
            .field("organization_id", .uuid, .references("organizations", .id, onDelete: .cascade))
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("role", .string, .required)
            .field("password_hash", .string, .required)
            .field("disabled", .bool, .required)
            .field("last_login_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            // Users sign in by email, so it is unique across the installation.
            .unique(on: "email", name: "users_email_key")
            .create()
        try await SchemaIndex.create("users_organization_role_idx", on: "users", columns: ["organization_id", "role"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("users").delete()
    }
}
