import FluentKit
import SQLKit

/// Issue 22's segments (saved, named filters of the customer list) and the indexes their filters read: a customer's
/// order count, and the city and country of default addresses (compared folded, as the filter folds its value).
struct CreateSegments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = try database.sql
        try await database.schema("segments")
            .id()
            .field("organization_id", .uuid, .required, .references("organizations", .id, onDelete: .cascade))
            .field("name", .string, .required)
            .field("name_key", .string, .required)
            .field("filters", .string, .required)
            .field("created_by_id", .uuid)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "organization_id", "name_key", name: "segments_org_name_key")
            .create()
        try await SchemaIndex.create("customers_org_total_orders_idx", on: "customers",
                                     columns: ["organization_id", "total_orders", "seq"], in: database)
        try await sql.raw("""
            CREATE INDEX addresses_org_default_city_idx ON addresses (organization_id, lower(city), customer_id) WHERE is_default
            """).run()
        try await sql.raw("""
            CREATE INDEX addresses_org_default_country_idx ON addresses (organization_id, country, customer_id) WHERE is_default
            """).run()
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql
        try await sql.raw("DROP INDEX addresses_org_default_country_idx").run()
        try await sql.raw("DROP INDEX addresses_org_default_city_idx").run()
        try await sql.raw("DROP INDEX customers_org_total_orders_idx").run()
        try await database.schema("segments").delete()
    }
}
