import FluentKit

struct CreateOrganizationCounters: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("organization_counters")
            .field("organization_id", .uuid, .identifier(auto: false),
                   .references("organizations", .id, onDelete: .cascade))
            .field("customers", .int64, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("organization_counters").delete()
    }
}
