import FluentKit
import SQLKit

/// On PostgreSQL, each organization's counter row (`organization_counters`) and each of its sign-up buckets
/// (`customer_signup_counts`) become up to `CounterShard.count` rows, one per connection slot (`shard`: the writing
/// backend's process id modulo `CounterShard.count`), summed when read.
///
/// Every create, delete and counted order of an organization adds to its counter row, and PostgreSQL holds that row's
/// lock from the update until the transaction's commit is on disk: with one row, an organization's writing
/// transactions committed one after the other, each waiting for the previous one's log flush. With a row per
/// connection, transactions on different connections commit together (and share a flush), and two of them wait on
/// each other only when their backends' process ids meet modulo `CounterShard.count`.
///
/// SQLite has one writer at a time and a group commit already writes each counter row once, so on SQLite this
/// migration changes nothing and its statements name no shard.
struct ShardOrganizationCounters: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard SQLDialectKind(database) == .postgres else { return }
        try await database.transaction { db in
            let sql = try db.sql
            try await sql.raw("""
                ALTER TABLE organization_counters ADD COLUMN shard INTEGER NOT NULL DEFAULT 0,
                DROP CONSTRAINT organization_counters_pkey,
                ADD CONSTRAINT organization_counters_pkey PRIMARY KEY (organization_id, shard)
                """).run()
            try await sql.raw("""
                ALTER TABLE customer_signup_counts ADD COLUMN shard INTEGER NOT NULL DEFAULT 0,
                DROP CONSTRAINT customer_signup_counts_pkey,
                ADD CONSTRAINT customer_signup_counts_pkey PRIMARY KEY (organization_id, bucket, shard)
                """).run()
        }
    }

    /// Folds every organization's (and bucket's) rows into shard 0, then drops the column.
    func revert(on database: any Database) async throws {
        guard SQLDialectKind(database) == .postgres else { return }
        try await database.transaction { db in
            let sql = try db.sql
            try await sql.raw("""
                INSERT INTO organization_counters
                    (organization_id, shard, customers, orders_counted, orders_amount_minor, ordering_customers, repeat_customers)
                SELECT organization_id, 0, SUM(customers), SUM(orders_counted), SUM(orders_amount_minor),
                       SUM(ordering_customers), SUM(repeat_customers)
                FROM organization_counters WHERE shard <> 0 GROUP BY organization_id
                ON CONFLICT (organization_id, shard) DO UPDATE SET
                    customers = organization_counters.customers + excluded.customers,
                    orders_counted = organization_counters.orders_counted + excluded.orders_counted,
                    orders_amount_minor = organization_counters.orders_amount_minor + excluded.orders_amount_minor,
                    ordering_customers = organization_counters.ordering_customers + excluded.ordering_customers,
                    repeat_customers = organization_counters.repeat_customers + excluded.repeat_customers
                """).run()
            try await sql.raw("DELETE FROM organization_counters WHERE shard <> 0").run()
            try await sql.raw("""
                ALTER TABLE organization_counters DROP CONSTRAINT organization_counters_pkey, DROP COLUMN shard,
                ADD CONSTRAINT organization_counters_pkey PRIMARY KEY (organization_id)
                """).run()
            try await sql.raw("""
                INSERT INTO customer_signup_counts (organization_id, bucket, shard, customers)
                SELECT organization_id, bucket, 0, SUM(customers) FROM customer_signup_counts WHERE shard <> 0
                GROUP BY organization_id, bucket
                ON CONFLICT (organization_id, bucket, shard) DO UPDATE SET
                    customers = customer_signup_counts.customers + excluded.customers
                """).run()
            try await sql.raw("DELETE FROM customer_signup_counts WHERE shard <> 0").run()
            try await sql.raw("""
                ALTER TABLE customer_signup_counts DROP CONSTRAINT customer_signup_counts_pkey, DROP COLUMN shard,
                ADD CONSTRAINT customer_signup_counts_pkey PRIMARY KEY (organization_id, bucket)
                """).run()
        }
    }
}
