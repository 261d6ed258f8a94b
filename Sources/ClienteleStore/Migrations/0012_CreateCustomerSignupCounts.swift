import FluentKit
import SQLKit

/// Sign-ups per quarter hour for "new this month", filled from the customers already there.
struct CreateCustomerSignupCounts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("customer_signup_counts")
            .field("organization_id", .uuid, .required, .references("organizations", .id, onDelete: .cascade))
            .field("bucket", .int64, .required)
            .field("customers", .int64, .required)
            .unique(on: "organization_id", "bucket", name: "customer_signup_counts_org_bucket_key")
            .create()
        let sql = try database.sql
        let bucket: SQLQueryString = SQLDialectKind(database) == .postgres
            ? "FLOOR(EXTRACT(EPOCH FROM created_at) / 900)::BIGINT"
            : "CAST(created_at / 900 AS INTEGER)"
        try await sql.raw("""
            INSERT INTO customer_signup_counts (organization_id, bucket, customers)
            SELECT organization_id, 
            """ + bucket + """
             AS b, COUNT(*) FROM customers WHERE created_at IS NOT NULL GROUP BY organization_id, b
            """).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("customer_signup_counts").delete()
    }
}
