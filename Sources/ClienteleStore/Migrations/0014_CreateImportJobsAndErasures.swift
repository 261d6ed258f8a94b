import FluentKit
import SQLKit

/// Import jobs (resumable: `rows_done` is the cursor), the record of erasures, and on SQLite the search index's
/// secure-delete mode, so that an erased person's terms are removed from the index rather than shadowed.
struct CreateImportJobsAndErasures: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("import_jobs")
            .id()
            .field("organization_id", .uuid, .required, .references("organizations", .id, onDelete: .cascade))
            .field("created_by_id", .uuid)
            .field("status", .string, .required)
            .field("on_match", .string, .required)
            .field("mapping", .string, .required)
            .field("file_path", .string, .required)
            .field("rows_total", .int, .required)
            .field("rows_done", .int, .required)
            .field("created_count", .int, .required)
            .field("updated_count", .int, .required)
            .field("unchanged_count", .int, .required)
            .field("rejected_count", .int, .required)
            .field("rejected_rows", .string, .required)
            .field("error", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .field("finished_at", .datetime)
            .create()
        try await SchemaIndex.create("import_jobs_status_idx", on: "import_jobs", columns: ["status"], in: database)

        try await database.schema("customer_erasures")
            .id()
            .field("organization_id", .uuid, .required, .references("organizations", .id, onDelete: .cascade))
            .field("customer_id", .uuid, .required)
            .field("erased_by_id", .uuid)
            .field("reason", .string, .required)
            .field("erased_at", .datetime, .required)
            .create()

        if SQLDialectKind(database) == .sqlite, let sql = database as? any SQLDatabase {
            try await sql.raw("INSERT INTO customers_fts(customers_fts, rank) VALUES ('secure-delete', 1)").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("customer_erasures").delete()
        try await database.schema("import_jobs").delete()
    }
}
