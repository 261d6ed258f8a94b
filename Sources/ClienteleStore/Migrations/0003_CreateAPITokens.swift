import FluentKit

struct CreateAPITokens: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("api_tokens")
            .id()
            .field("user_id", .uuid, .required, .references("users", .id, onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("last_used_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "token_hash", name: "api_tokens_token_hash_key")
            .create()
        try await SchemaIndex.create("api_tokens_user_idx", on: "api_tokens", columns: ["user_id"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("api_tokens").delete()
    }
}
