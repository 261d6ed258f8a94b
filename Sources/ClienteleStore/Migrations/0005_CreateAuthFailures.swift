import FluentKit

struct CreateAuthFailures: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("auth_failures")
            .id()
            .field("throttle_key", .string, .required)
            .field("failed_at", .datetime, .required)
            .create()
        try await SchemaIndex.create("auth_failures_key_time_idx", on: "auth_failures",
                                     columns: ["throttle_key", "failed_at"], in: database)
        try await SchemaIndex.create("auth_failures_time_idx", on: "auth_failures", columns: ["failed_at"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("auth_failures").delete()
    }
}
