import FluentKit
import SQLKit

/// Issue 16's schema: stored idempotent answers belong to the user who made the request; an erasure keeps the
/// hashes of the erased contact details (so that an import already running skips that person); and dashboard
/// sessions know when they were last used (idle timeout). (FTS5's secure-delete is on since migration 0014.)
struct HardenSecurity: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = try database.sql
        // The answers stored so far are not bound to a user and cannot be replayed safely: they go (they live a day).
        try await database.schema("idempotency_keys").delete()
        try await database.schema("idempotency_keys")
            .id()
            .field("organization_id", .uuid, .required)
            .field("user_id", .uuid, .required)
            .field("key", .string, .required)
            .field("request_hash", .string, .required)
            .field("status", .int)
            .field("location", .string)
            .field("body", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "organization_id", "user_id", "key", name: "idempotency_keys_org_user_key_key")
            .create()
        try await sql.raw("CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)").run()

        try await database.schema("customer_erasures").field("contact_hashes", .string).update()
        try await database.schema("dashboard_sessions").field("last_seen_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql
        try await database.schema("dashboard_sessions").deleteField("last_seen_at").update()
        try await database.schema("customer_erasures").deleteField("contact_hashes").update()
        try await database.schema("idempotency_keys").delete()
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
        try await sql.raw("CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)").run()
    }
}
