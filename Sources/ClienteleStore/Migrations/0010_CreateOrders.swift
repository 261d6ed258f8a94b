import FluentKit
import SQLKit

struct CreateOrders: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let bigint: DatabaseSchema.DataType = SQLDialectKind(database) == .postgres ? .int64 : .int
        try await database.schema("orders")
            .field("seq", bigint, .identifier(auto: true))
            .field("id", .uuid, .required)
            .field("organization_id", .uuid, .required, .references("organizations", .id, onDelete: .cascade))
            .field("number", .string, .required)
            .field("platform", .string, .required)
            .field("receipt_number", .string)
            .field("amount_minor", .int64, .required)
            .field("currency", .string, .required)
            .field("payment_method", .string)
            .field("payment_status", .string, .required)
            .field("status", .string, .required)
            .field("placed_at", .datetime, .required)
            .field("completed_at", .datetime)
            .field("items", .string, .required)
            // Deleting a customer leaves its orders, with their own contact copy, for the books.
            .field("customer_id", .uuid, .references("customers", "id", onDelete: .setNull))
            .field("contact_name", .string)
            .field("contact_email", .string)
            .field("contact_phone", .string)
            .field("created_by_id", .uuid)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "id", name: "orders_id_key")
            .unique(on: "organization_id", "number", name: "orders_org_number_key")
            .create()
        for (name, columns) in [
            ("orders_org_customer_idx", ["organization_id", "customer_id", "seq"]),
            ("orders_org_seq_idx", ["organization_id", "seq"]),
            ("orders_org_status_idx", ["organization_id", "status", "seq"]),
        ] {
            try await SchemaIndex.create(name, on: "orders", columns: columns, in: database)
        }
        // Guest orders waiting for their customer: found by contact email or phone.
        let sql = try database.sql
        try await sql.raw("CREATE INDEX orders_guest_email_idx ON orders (organization_id, contact_email) WHERE customer_id IS NULL").run()
        try await sql.raw("CREATE INDEX orders_guest_phone_idx ON orders (organization_id, contact_phone) WHERE customer_id IS NULL").run()
        // One column per statement: SQLite adds columns one at a time.
        for column in Self.counterColumns {
            try await database.schema("organization_counters").field(.string(column), .int64, .required, .sql(.default(0))).update()
        }
        try await SchemaIndex.create("customers_org_created_idx", on: "customers", columns: ["organization_id", "created_at"], in: database)
        try await SchemaIndex.create("customers_org_loyalty_idx", on: "customers", columns: ["organization_id", "loyalty_points"], in: database)
    }

    static let counterColumns = ["orders_counted", "orders_amount_minor", "ordering_customers", "repeat_customers"]

    func revert(on database: any Database) async throws {
        for column in Self.counterColumns {
            try await database.schema("organization_counters").deleteField(.string(column)).update()
        }
        try await database.schema("orders").delete()
    }
}
