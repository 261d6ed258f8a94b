import FluentKit
import SQLKit

/// Issue 23's Citus-ready schema (`docs/citus.md`): on PostgreSQL, every tenant table's primary key, unique indexes and
/// foreign keys between tenant tables include `organization_id`, so that Citus can distribute each of them by
/// `organization_id` and keep an organization's rows of every table on one node (co-located).
///
/// - A key of one column (`id`, `seq`, a token) becomes that column then `organization_id`: still unique, and still an
///   index a look-up by the column alone can read (the outbox, the public tracking and unsubscribe pages, a Fluent
///   model's `UPDATE … WHERE id = $1`), so no index is added for them.
/// - `customer_signup_counts` and `team_members` had no primary key: their unique key becomes it (Citus moves shards
///   between nodes by logical replication, which needs a primary key to replay updates and deletes).
/// - Each foreign key between tenant tables becomes `(organization_id, x) → (organization_id, y)`. Citus refuses
///   `ON DELETE SET NULL` on a key that includes the distribution column (whatever columns it nulls), so the keys that
///   set a deleted customer's references to NULL are now plain (`NO ACTION`) and the application sets them first
///   (`CustomerReferences.release`, before each `DELETE FROM customers`). Orders and tasks are never deleted.
///
/// On SQLite this migration changes nothing: SQLite is never distributed, and no query's `ON CONFLICT` target names a
/// key that changes here, so both databases answer the same queries alike.
struct MakeSchemaCitusReady: AsyncMigration {
    /// A foreign key between two tenant tables: `table.column → referenced.referencedColumn`.
    struct TenantForeignKey {
        let table: String
        let column: String
        let referenced: String
        let referencedColumn: String
        /// What the key did before: `CASCADE` or `SET NULL` (kept for `CASCADE`; `SET NULL` becomes `NO ACTION`).
        let onDelete: String

        /// The composite key's name.
        var name: String { "\(table)_org_\(column)_fkey" }
    }

    static let foreignKeys: [TenantForeignKey] = [
        .init(table: "customer_tags", column: "customer_id", referenced: "customers", referencedColumn: "id", onDelete: "CASCADE"),
        .init(table: "addresses", column: "customer_id", referenced: "customers", referencedColumn: "id", onDelete: "CASCADE"),
        .init(table: "orders", column: "customer_id", referenced: "customers", referencedColumn: "id", onDelete: "SET NULL"),
        .init(table: "tasks", column: "order_id", referenced: "orders", referencedColumn: "id", onDelete: "SET NULL"),
        .init(table: "tasks", column: "customer_id", referenced: "customers", referencedColumn: "id", onDelete: "SET NULL"),
        .init(table: "task_transitions", column: "task_id", referenced: "tasks", referencedColumn: "id", onDelete: "CASCADE"),
        .init(table: "notifications", column: "customer_id", referenced: "customers", referencedColumn: "id", onDelete: "CASCADE"),
        .init(table: "notifications", column: "task_id", referenced: "tasks", referencedColumn: "id", onDelete: "SET NULL"),
        .init(table: "loyalty_entries", column: "customer_id", referenced: "customers", referencedColumn: "id", onDelete: "SET NULL"),
        .init(table: "gift_cards", column: "customer_id", referenced: "customers", referencedColumn: "id", onDelete: "SET NULL"),
        .init(table: "gift_card_transactions", column: "gift_card_id", referenced: "gift_cards", referencedColumn: "id",
              onDelete: "CASCADE"),
        .init(table: "team_members", column: "team_id", referenced: "teams", referencedColumn: "id", onDelete: "CASCADE"),
        .init(table: "client_links", column: "client_id", referenced: "clients", referencedColumn: "id", onDelete: "CASCADE"),
        .init(table: "client_events", column: "client_id", referenced: "clients", referencedColumn: "id", onDelete: "CASCADE"),
    ]

    /// Tables whose primary key is `seq` (an identity column) and whose `id` is unique in `<table>_id_key`.
    static let sequenced = ["customers", "customer_events", "orders", "tasks", "notifications", "loyalty_entries", "gift_cards",
                            "gift_card_transactions", "clients", "client_events"]
    /// Tables whose primary key is `id`.
    static let identified = ["customer_tags", "idempotency_keys", "addresses", "task_transitions", "import_jobs",
                             "customer_erasures", "notification_templates", "rewards", "teams", "client_links",
                             "account_erasure_requests", "segments"]

    /// Unique constraints (made by `.unique(on:)`) whose columns gain `organization_id`: name, table, columns before.
    static let uniqueConstraints: [(name: String, table: String, columns: String)] =
        sequenced.map { ("\($0)_id_key", $0, "id") } + [
            ("customer_tags_customer_tag_key", "customer_tags", "customer_id, tag_key"),
            ("client_links_token_key", "client_links", "token_hash"),
        ]

    /// Unique indexes (made by `CREATE UNIQUE INDEX`) whose columns gain `organization_id`: name, table, columns
    /// before, and the index's `WHERE`.
    static let uniqueIndexes: [(name: String, table: String, columns: String, predicate: String?)] = [
        ("addresses_one_default_idx", "addresses", "customer_id", "is_default"),
        ("tasks_tracking_code_key", "tasks", "tracking_code", nil),
        ("notifications_unsubscribe_key", "notifications", "unsubscribe_token", "unsubscribe_token IS NOT NULL"),
    ]

    /// Unique keys that become the primary key of a table that had none: name, table, columns.
    static let promotedKeys: [(name: String, table: String, columns: String)] = [
        ("customer_signup_counts_org_bucket_key", "customer_signup_counts", "organization_id, bucket"),
        ("team_members_key", "team_members", "organization_id, team_id, user_id"),
    ]

    func prepare(on database: any Database) async throws {
        guard SQLDialectKind(database) == .postgres else { return }
        // One transaction (PostgreSQL's DDL is transactional): a failure leaves the keys as they were. A row whose
        // organization differs from its parent's would make a composite key fail here, rather than be distributed
        // apart from it.
        try await database.transaction { try await Self.makeReady(try $0.sql) }
    }

    private static func makeReady(_ sql: any SQLDatabase) async throws {
        // The foreign keys first: they hang on the unique keys that change below.
        for key in Self.foreignKeys {
            for name in try await Self.foreignKeyNames(of: key, on: sql) {
                try await sql.raw("ALTER TABLE \(ident: key.table) DROP CONSTRAINT \(ident: name)").run()
            }
        }
        for table in Self.sequenced {
            try await Self.replacePrimaryKey(of: table, with: "seq, organization_id", on: sql)
        }
        for table in Self.identified {
            try await Self.replacePrimaryKey(of: table, with: "id, organization_id", on: sql)
        }
        for constraint in Self.uniqueConstraints {
            try await sql.raw("""
                ALTER TABLE \(ident: constraint.table) DROP CONSTRAINT \(ident: constraint.name),
                ADD CONSTRAINT \(ident: constraint.name) UNIQUE (\(unsafeRaw: constraint.columns), organization_id)
                """).run()
        }
        for index in Self.uniqueIndexes {
            try await sql.raw("DROP INDEX \(ident: index.name)").run()
            try await sql.raw("""
                CREATE UNIQUE INDEX \(ident: index.name) ON \(ident: index.table) (\(unsafeRaw: index.columns), organization_id)
                \(unsafeRaw: index.predicate.map { "WHERE " + $0 } ?? "")
                """).run()
        }
        for key in Self.promotedKeys {
            try await sql.raw("""
                ALTER TABLE \(ident: key.table) DROP CONSTRAINT \(ident: key.name),
                ADD CONSTRAINT \(ident: key.table + "_pkey") PRIMARY KEY (\(unsafeRaw: key.columns))
                """).run()
        }
        for key in Self.foreignKeys {
            let onDelete = key.onDelete == "CASCADE" ? " ON DELETE CASCADE" : ""
            try await sql.raw("""
                ALTER TABLE \(ident: key.table) ADD CONSTRAINT \(ident: key.name)
                FOREIGN KEY (organization_id, \(ident: key.column))
                REFERENCES \(ident: key.referenced) (organization_id, \(ident: key.referencedColumn))\(unsafeRaw: onDelete)
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        guard SQLDialectKind(database) == .postgres else { return }
        try await database.transaction { try await Self.undo(try $0.sql) }
    }

    private static func undo(_ sql: any SQLDatabase) async throws {
        for key in Self.foreignKeys {
            try await sql.raw("ALTER TABLE \(ident: key.table) DROP CONSTRAINT \(ident: key.name)").run()
        }
        for key in Self.promotedKeys {
            try await sql.raw("""
                ALTER TABLE \(ident: key.table) DROP CONSTRAINT \(ident: key.table + "_pkey"),
                ADD CONSTRAINT \(ident: key.name) UNIQUE (\(unsafeRaw: key.columns))
                """).run()
        }
        for index in Self.uniqueIndexes {
            try await sql.raw("DROP INDEX \(ident: index.name)").run()
            try await sql.raw("""
                CREATE UNIQUE INDEX \(ident: index.name) ON \(ident: index.table) (\(unsafeRaw: index.columns))
                \(unsafeRaw: index.predicate.map { "WHERE " + $0 } ?? "")
                """).run()
        }
        for constraint in Self.uniqueConstraints {
            try await sql.raw("""
                ALTER TABLE \(ident: constraint.table) DROP CONSTRAINT \(ident: constraint.name),
                ADD CONSTRAINT \(ident: constraint.name) UNIQUE (\(unsafeRaw: constraint.columns))
                """).run()
        }
        for table in Self.identified {
            try await Self.replacePrimaryKey(of: table, with: "id", on: sql)
        }
        for table in Self.sequenced {
            try await Self.replacePrimaryKey(of: table, with: "seq", on: sql)
        }
        // The single-column keys as Fluent's `.references` made them (Fluent's own constraint names).
        for key in Self.foreignKeys {
            try await sql.raw("""
                ALTER TABLE \(ident: key.table) ADD CONSTRAINT \(ident: Self.fluentForeignKeyName(key))
                FOREIGN KEY (\(ident: key.column)) REFERENCES \(ident: key.referenced) (\(ident: key.referencedColumn))
                ON DELETE \(unsafeRaw: key.onDelete)
                """).run()
        }
    }

    /// The primary key of `table` (whatever its name) replaced by one over `columns`, named `<table>_pkey`.
    private static func replacePrimaryKey(of table: String, with columns: String, on sql: any SQLDatabase) async throws {
        let row = try await sql.raw("""
            SELECT conname FROM pg_constraint WHERE contype = 'p' AND conrelid = to_regclass(\(bind: table))
            """).first()
        var statement: SQLQueryString = "ALTER TABLE \(ident: table) "
        if let name = try row?.decode(column: "conname", as: String.self) {
            statement = statement + "DROP CONSTRAINT \(ident: name), "
        }
        try await sql.raw(statement + "ADD CONSTRAINT \(ident: table + "_pkey") PRIMARY KEY (\(unsafeRaw: columns))").run()
    }

    /// The single-column foreign keys of `key`'s column to its referenced table (one, as Fluent made it).
    private static func foreignKeyNames(of key: TenantForeignKey, on sql: any SQLDatabase) async throws -> [String] {
        try await sql.raw("""
            SELECT c.conname FROM pg_constraint c
            WHERE c.contype = 'f' AND c.conrelid = to_regclass(\(bind: key.table))
            AND c.confrelid = to_regclass(\(bind: key.referenced)) AND cardinality(c.conkey) = 1
            AND c.conkey[1] = (SELECT attnum FROM pg_attribute WHERE attrelid = c.conrelid AND attname = \(bind: key.column))
            """).all().map { try $0.decode(column: "conname", as: String.self) }
    }

    /// The name the single-column key had (PostgreSQL's default for a column's `REFERENCES`, which Fluent writes).
    static func fluentForeignKeyName(_ key: TenantForeignKey) -> String {
        "\(key.table)_\(key.column)_fkey"
    }
}
