import FluentKit
import SQLKit

struct CreateCustomers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let bigint: DatabaseSchema.DataType = SQLDialectKind(database) == .postgres ? .int64 : .int
        try await database.schema("customers")
            .field("seq", bigint, .identifier(auto: true))
            .field("id", .uuid, .required)
            .field("organization_id", .uuid, .required, .references("organizations", .id, onDelete: .cascade))
            .field("name", .string, .required)
            .field("name_key", .string, .required)
            .field("search_name", .string, .required)
            .field("unique_name_key", .string)
            .field("first_name", .string)
            .field("last_name", .string)
            .field("company", .string)
            .field("email", .string)
            .field("phone", .string)
            .field("birthday", .string)
            .field("timezone", .string)
            .field("preferred_language", .string, .required)
            .field("preferred_contact_method", .string, .required)
            .field("best_time_to_call", .string)
            .field("notes", .string)
            .field("tags", .string, .required)
            .field("custom_fields", .string, .required)
            .field("external_id", .string)
            .field("source", .string, .required)
            .field("status", .string, .required)
            .field("email_opt_in", .bool, .required)
            .field("email_opt_in_at", .datetime)
            .field("email_opt_in_source", .string)
            .field("sms_opt_in", .bool, .required)
            .field("sms_opt_in_at", .datetime)
            .field("sms_opt_in_source", .string)
            .field("names_validated", .bool, .required)
            .field("managed_by_id", .uuid, .references("users", .id, onDelete: .setNull))
            .field("loyalty_points", .int, .required)
            .field("total_orders", .int, .required)
            .field("total_spent_minor", .int64, .required)
            .field("visits", .int, .required)
            .field("first_order_at", .datetime)
            .field("last_order_at", .datetime)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "id", name: "customers_id_key")
            // Database-enforced, so that two concurrent requests cannot both win.
            .unique(on: "organization_id", "email", name: "customers_org_email_key")
            .unique(on: "organization_id", "phone", name: "customers_org_phone_key")
            .unique(on: "organization_id", "external_id", name: "customers_org_external_id_key")
            .unique(on: "organization_id", "unique_name_key", name: "customers_org_unique_name_key")
            .create()
        for (name, columns) in [
            ("customers_org_name_idx", ["organization_id", "search_name", "seq"]),
            ("customers_org_seq_idx", ["organization_id", "seq"]),
            ("customers_org_last_order_idx", ["organization_id", "last_order_at", "seq"]),
            ("customers_org_total_spent_idx", ["organization_id", "total_spent_minor", "seq"]),
            ("customers_org_managed_by_idx", ["organization_id", "managed_by_id", "seq"]),
        ] {
            try await SchemaIndex.create(name, on: "customers", columns: columns, in: database)
        }
        try await InitialSearchIndex.create(on: database)
    }

    func revert(on database: any Database) async throws {
        try await InitialSearchIndex.drop(on: database)
        try await database.schema("customers").delete()
    }
}
