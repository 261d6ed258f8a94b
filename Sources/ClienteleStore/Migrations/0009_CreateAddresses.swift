import FluentKit
import SQLKit

struct CreateAddresses: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("addresses")
            .id()
            .field("organization_id", .uuid, .required)
            .field("customer_id", .uuid, .required, .references("customers", "id", onDelete: .cascade))
            .field("label", .string)
            .field("line1", .string, .required)
            .field("line2", .string)
            .field("city", .string)
            .field("region", .string)
            .field("postal_code", .string)
            .field("country", .string, .required)
            .field("formatted", .string, .required)
            .field("latitude", .double)
            .field("longitude", .double)
            .field("contact_name", .string)
            .field("contact_phone", .string)
            .field("notes", .string)
            .field("is_default", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await SchemaIndex.create("addresses_customer_idx", on: "addresses",
                                     columns: ["organization_id", "customer_id", "created_at"], in: database)
        // At most one default per customer, whatever races: a partial unique index on both databases.
        try await (try database.sql).raw("""
            CREATE UNIQUE INDEX addresses_one_default_idx ON addresses (customer_id) WHERE is_default
            """).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("addresses").delete()
    }
}
