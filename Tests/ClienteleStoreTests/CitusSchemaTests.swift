@testable import ClienteleStore
import FluentKit
import Foundation
import SQLKit
import Testing

/// The schema is ready for Citus (`docs/citus.md`, migration 0030), read from PostgreSQL's catalog after migrating:
/// every table is either one of the global tables below or a tenant table, distributed by `organization_id`, whose
/// primary key, unique indexes and foreign keys to other tenant tables all include `organization_id`. A new table, key
/// or index that breaks the rule fails here, by name. Runs on PostgreSQL only (`TEST_DATABASE_URL`).
@Suite(.serialized, .enabled(if: TestPostgres.url != nil, "needs TEST_DATABASE_URL"))
struct CitusSchemaTests {
    @Test func everyTenantTableIsKeyedByItsOrganization() async throws {
        try await withPostgresStoreDatabase { store in
            try await (try await Self.migrator(store, AppMigrations.all)).prepareBatch().get()
            let schema = try await CitusCatalog.read(store.sql)
            let violations = schema.violations()
            #expect(violations.isEmpty, "\(violations.joined(separator: "\n"))")
        }
    }

    /// The check fails on the schema before migration 0030 (main's until issue 23), naming what is wrong; reverting
    /// 0030 brings back exactly that schema, and migrating again passes.
    @Test func theSchemaBeforeCitusReadinessFailsAndRevertRestoresIt() async throws {
        try await withPostgresStoreDatabase { store in
            try await (try await Self.migrator(store, Array(AppMigrations.all.prefix { !($0 is MakeSchemaCitusReady) }))).prepareBatch().get()
            let before = try await CitusCatalog.read(store.sql).violations()
            for expected in [
                "customers: primary key customers_pkey (seq) lacks organization_id",
                "customers: unique index customers_id_key (id) lacks organization_id",
                "tasks: unique index tasks_tracking_code_key (tracking_code) lacks organization_id",
                "team_members: no primary key",
            ] {
                #expect(before.contains(expected), "\(expected)\nnot in:\n\(before.joined(separator: "\n"))")
            }
            #expect(before.contains { $0.hasPrefix("orders: foreign key ") && $0.contains("(customer_id) → customers (id)") })

            // Rows written before 0030: its composite keys are checked against them, and keep them.
            let organization = UUID(), customer = UUID()
            try await Self.insertCustomerWithOrder(organization: organization, customer: customer, on: store.sql)

            let all = try await Self.migrator(store, AppMigrations.all)
            try await all.prepareBatch().get()
            #expect(try await CitusCatalog.read(store.sql).violations().isEmpty)
            // A customer's order no longer has its reference set NULL by the database (Citus refuses that): deleting
            // the customer alone fails; after the application's release (`CustomerReferences`) it goes, its tag with it.
            let sql = store.sql
            let theCustomer: SQLQueryString = "organization_id = \(bind: organization) AND id = \(bind: customer)"
            await #expect(throws: (any Error).self) { try await sql.raw("DELETE FROM customers WHERE " + theCustomer).run() }
            try await sql.raw("""
                UPDATE orders SET customer_id = NULL WHERE organization_id = \(bind: organization) AND customer_id = \(bind: customer)
                """).run()
            try await sql.raw("DELETE FROM customers WHERE " + theCustomer).run()
            #expect(try await Self.count("SELECT count(*) AS n FROM customer_tags", on: sql) == 0)
            #expect(try await Self.count("SELECT count(*) AS n FROM orders WHERE customer_id IS NULL", on: sql) == 1)
            try await all.revertLastBatch().get()
            let reverted = try await CitusCatalog.read(store.sql)
            #expect(reverted.violations() == before)
            try await all.prepareBatch().get()
            #expect(try await CitusCatalog.read(store.sql).violations().isEmpty)
        }
    }

    /// `docs/citus.md` distributes exactly the catalog's tables, in an order that creates each after the tables it
    /// references (generated from the catalog: `CitusCatalog.distributionStatements`).
    @Test func theGuideDistributesEveryTableInDependencyOrder() async throws {
        try await withPostgresStoreDatabase { store in
            try await (try await Self.migrator(store, AppMigrations.all)).prepareBatch().get()
            let expected = try await CitusCatalog.read(store.sql).distributionStatements()
            let guide = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("docs/citus.md")
            let text = try String(contentsOf: guide, encoding: .utf8)
            let written = text.split(separator: "\n").map(String.init)
                .filter { $0.hasPrefix("SELECT create_reference_table(") || $0.hasPrefix("SELECT create_distributed_table(") }
            #expect(written == expected, "docs/citus.md should list:\n\(expected.joined(separator: "\n"))")
        }
    }

    /// An organization with a customer, its tag and its order, in the columns every migration so far requires.
    private static func insertCustomerWithOrder(organization: UUID, customer: UUID, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            INSERT INTO organizations (id, name, slug, default_country, timezone, currency, unique_customer_names)
            VALUES (\(bind: organization), 'Acme', 'acme', 'US', 'UTC', 'USD', false)
            """).run()
        try await sql.raw("""
            INSERT INTO customers (id, organization_id, name, name_key, search_name, preferred_language, preferred_contact_method,
                tags, custom_fields, source, status, email_opt_in, sms_opt_in, names_validated, loyalty_points, total_orders,
                total_spent_minor, visits, version)
            VALUES (\(bind: customer), \(bind: organization), 'Ann', 'ann', 'ann', 'en', 'email', '["vip"]', '{}', 'api', 'active',
                false, false, true, 0, 1, 100, 0, 1)
            """).run()
        try await sql.raw("""
            INSERT INTO customer_tags (id, organization_id, customer_id, tag_key) VALUES (\(bind: UUID()), \(bind: organization), \(bind: customer), 'vip')
            """).run()
        try await sql.raw("""
            INSERT INTO orders (id, organization_id, number, platform, amount_minor, currency, payment_status, status, placed_at,
                items, customer_id, version)
            VALUES (\(bind: UUID()), \(bind: organization), 'A-1', 'web', 100, 'USD', 'paid', 'completed', now(), '[]', \(bind: customer), 1)
            """).run()
    }

    private static func count(_ query: SQLQueryString, on sql: any SQLDatabase) async throws -> Int? {
        try await sql.raw(query).first()?.decode(column: "n", as: Int.self)
    }

    private static func migrator(_ store: StoreDatabase, _ list: [any Migration]) async throws -> Migrator {
        let migrations = Migrations()
        migrations.add(list)
        let migrator = Migrator(databases: store.databases, migrations: migrations, logger: store.logger,
                                on: store.eventLoopGroup.any(), migrationLogLevel: .debug)
        try await migrator.setupIfNeeded().get()
        return migrator
    }
}

/// The tables, unique indexes and foreign keys of the current schema, as PostgreSQL's catalog has them.
struct CitusCatalog {
    /// Where a global table goes in a Citus cluster.
    enum Placement: Equatable {
        /// `create_reference_table`: a copy on every node, so distributed tables may reference and join it.
        case reference
        /// Left an ordinary table on the coordinator: written often, never joined with tenant tables nor referenced
        /// by them (a reference table would make each write a transaction on every node).
        case local
    }

    /// The tables that are not tenant data, and why. Every other table is a tenant table. Adding one here is a
    /// decision: say why the table belongs to no organization (or cannot be keyed by one).
    static let globalTables: [String: Placement] = [
        // Fluent's record of migrations: the coordinator's own.
        "_fluent_migrations": .local,
        // The tenants themselves: the target of every tenant table's `organization_id` foreign key.
        "organizations": .reference,
        // Users sign in by an email unique across the installation, and super admins belong to no organization
        // (`organization_id` NULL); tenant tables reference them (`managed_by_id`, `agent_id`, team members).
        "users": .reference,
        // A user's bearer tokens and dashboard sessions, found by their hash before any organization is known; a
        // super admin's session has no organization.
        "api_tokens": .reference,
        "dashboard_sessions": .reference,
        // The customer accounts: a person's own login, across organizations (issue 21), with its tokens and links.
        "accounts": .reference,
        "account_tokens": .reference,
        "account_sessions": .reference,
        "account_link_tokens": .reference,
        // The accounts' outbox: mail to a person, not to an organization's customer.
        "account_mails": .local,
        // The audit trail outlives organizations and records super admins' acts outside any (`organization_id` NULL).
        "audit_log": .local,
        // Sign-in throttles and the shared rate limits, keyed by an email or a client address.
        "auth_failures": .local,
        "rate_limit_windows": .local,
        // One row for the whole installation: the token revocation counter every instance watches.
        "token_revocations": .local,
        // Who wrote lately (read-your-writes with a read replica), keyed by user: a super admin belongs to no
        // organization.
        "recent_writes": .local,
        // The scheduled jobs' leases, one per job for every organization (their progress per organization is tenant
        // data: `organization_job_marks`).
        "scheduled_jobs": .local,
    ]

    struct Table {
        let name: String
        let hasOrganization: Bool
        let organizationRequired: Bool
    }

    struct UniqueIndex {
        let table: String
        let name: String
        let isPrimary: Bool
        let columns: [String]
    }

    struct ForeignKey {
        let table: String
        let name: String
        let columns: [String]
        let referenced: String
        let referencedColumns: [String]
        /// `pg_constraint.confdeltype` / `confupdtype`: a no action, r restrict, c cascade, n set null, d set default.
        let onDelete: String
        let onUpdate: String
    }

    let tables: [Table]
    let uniqueIndexes: [UniqueIndex]
    let foreignKeys: [ForeignKey]

    func isTenant(_ table: String) -> Bool { Self.globalTables[table] == nil }

    static func read(_ sql: any SQLDatabase) async throws -> CitusCatalog {
        let tables = try await sql.raw("""
            SELECT c.relname::text AS name, a.attname IS NOT NULL AS has_org, coalesce(a.attnotnull, false) AS org_required
            FROM pg_class c
            LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'organization_id' AND NOT a.attisdropped
            WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
            ORDER BY c.relname
            """).all().map {
                Table(name: try $0.decode(column: "name", as: String.self), hasOrganization: try $0.decode(column: "has_org", as: Bool.self),
                      organizationRequired: try $0.decode(column: "org_required", as: Bool.self))
            }
        // An index's key columns (`indkey` counts from 0; an expression is 0 there and shows as its definition).
        let indexes = try await sql.raw("""
            SELECT t.relname::text AS table_name, i.relname::text AS index_name, x.indisprimary AS is_primary,
                array_to_string(ARRAY(
                    SELECT coalesce(a.attname::text, pg_get_indexdef(x.indexrelid, k.n::int, true))
                    FROM generate_series(1, x.indnkeyatts) AS k(n)
                    LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[k.n - 1] AND x.indkey[k.n - 1] <> 0
                    ORDER BY k.n), ',') AS columns
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
            WHERE t.relnamespace = current_schema()::regnamespace AND x.indisunique
            ORDER BY t.relname, i.relname
            """).all().map {
                UniqueIndex(table: try $0.decode(column: "table_name", as: String.self),
                            name: try $0.decode(column: "index_name", as: String.self),
                            isPrimary: try $0.decode(column: "is_primary", as: Bool.self),
                            columns: try $0.decode(column: "columns", as: String.self).split(separator: ",").map(String.init))
            }
        let keys = try await sql.raw("""
            SELECT t.relname::text AS table_name, c.conname::text AS name, r.relname::text AS referenced,
                array_to_string(ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.n), ',') AS columns,
                array_to_string(ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.n), ',') AS referenced_columns,
                c.confdeltype::text AS on_delete, c.confupdtype::text AS on_update
            FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
            WHERE c.contype = 'f' AND t.relnamespace = current_schema()::regnamespace
            ORDER BY t.relname, c.conname
            """).all().map {
                ForeignKey(table: try $0.decode(column: "table_name", as: String.self), name: try $0.decode(column: "name", as: String.self),
                           columns: try $0.decode(column: "columns", as: String.self).split(separator: ",").map(String.init),
                           referenced: try $0.decode(column: "referenced", as: String.self),
                           referencedColumns: try $0.decode(column: "referenced_columns", as: String.self).split(separator: ",").map(String.init),
                           onDelete: try $0.decode(column: "on_delete", as: String.self),
                           onUpdate: try $0.decode(column: "on_update", as: String.self))
            }
        return CitusCatalog(tables: tables, uniqueIndexes: indexes, foreignKeys: keys)
    }

    /// What keeps the schema from being distributed by `organization_id`, one line each, naming the table and the
    /// index or constraint; empty when it is ready.
    func violations() -> [String] {
        var found: [String] = []
        let names = Set(tables.map(\.name))
        for name in Self.globalTables.keys.sorted() where !names.contains(name) {
            found.append("\(name): listed as a global table, but no migration creates it")
        }
        for table in tables where isTenant(table.name) {
            if !table.hasOrganization {
                found.append("\(table.name): no organization_id (a tenant table; or list it, with the reason, in globalTables)")
            } else if !table.organizationRequired {
                found.append("\(table.name): organization_id may be NULL (Citus cannot place a row without it)")
            }
            if !uniqueIndexes.contains(where: { $0.table == table.name && $0.isPrimary }) {
                found.append("\(table.name): no primary key")
            }
        }
        for index in uniqueIndexes where isTenant(index.table) && !index.columns.contains("organization_id") {
            let kind = index.isPrimary ? "primary key" : "unique index"
            found.append("\(index.table): \(kind) \(index.name) (\(index.columns.joined(separator: ", "))) lacks organization_id")
        }
        for key in foreignKeys {
            let described = "foreign key \(key.name) (\(key.columns.joined(separator: ", "))) → \(key.referenced) "
                + "(\(key.referencedColumns.joined(separator: ", ")))"
            switch (isTenant(key.table), isTenant(key.referenced)) {
            case (true, true):
                let at = key.columns.firstIndex(of: "organization_id")
                if at == nil || at != key.referencedColumns.firstIndex(of: "organization_id") {
                    found.append("\(key.table): \(described) does not pair organization_id with organization_id")
                } else if ["n", "d"].contains(key.onDelete) {
                    found.append("\(key.table): \(described) sets NULL or a default on delete (Citus refuses it on a key with organization_id)")
                } else if !["a", "r"].contains(key.onUpdate) {
                    found.append("\(key.table): \(described) acts on update (Citus refuses it on a key with organization_id)")
                }
            case (false, true):
                found.append("\(key.table): \(described): a global table cannot reference a tenant table in Citus")
            case (true, false), (false, false):
                if Self.globalTables[key.referenced] == .local {
                    found.append("\(key.table): \(described): references a table left local (make it a reference table)")
                }
            }
        }
        return found
    }

    /// The statements that distribute the schema: reference tables first (each after those it references), then the
    /// tenant tables co-located with `customers`, each after the tenant tables it references.
    func distributionStatements() -> [String] {
        func ordered(_ set: [String]) -> [String] {
            var done: [String] = []
            var left = set.sorted()
            if let customers = left.firstIndex(of: "customers") { left.insert(left.remove(at: customers), at: 0) }
            while !left.isEmpty {
                let next = left.firstIndex { table in
                    foreignKeys.allSatisfy { key in key.table != table || key.referenced == table || !left.contains(key.referenced) }
                } ?? 0
                done.append(left.remove(at: next))
            }
            return done
        }
        let names = tables.map(\.name)
        let references = ordered(names.filter { Self.globalTables[$0] == .reference })
        let tenants = ordered(names.filter(isTenant))
        return references.map { "SELECT create_reference_table('\($0)');" } + tenants.enumerated().map { index, table in
            index == 0 ? "SELECT create_distributed_table('\(table)', 'organization_id');"
                : "SELECT create_distributed_table('\(table)', 'organization_id', colocate_with => 'customers');"
        }
    }
}
