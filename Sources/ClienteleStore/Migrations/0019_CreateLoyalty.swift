import FluentKit
import SQLKit

/// Issue 19's schema: the points ledger, rewards, gift cards with their history, the orders' earned points, the
/// organizations' programme, and the leases and progress marks of scheduled jobs.
struct CreateLoyalty: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = try database.sql
        let postgres = SQLDialectKind(database) == .postgres
        let bigint: DatabaseSchema.DataType = postgres ? .int64 : .int

        try await database.schema("organizations").field("loyalty_program", .string).update()
        // The points an order has earned and not had reversed, and whether it may earn at all (an order placed by a
        // guest never does, also once linked to a customer).
        try await database.schema("orders").field("loyalty_points", .int, .required, .sql(.default(0))).update()
        try await database.schema("orders").field("earns_loyalty", .bool, .required, .sql(.default(false))).update()
        try await sql.raw("UPDATE orders SET earns_loyalty = \(unsafeRaw: postgres ? "true" : "1") WHERE customer_id IS NOT NULL").run()

        // Whether the customer has a ledger entry: statistics count `loyalty_members` through a partial index.
        try await database.schema("customers").field("loyalty_member", .bool, .required, .sql(.default(false))).update()
        try await sql.raw("CREATE INDEX customers_loyalty_member_idx ON customers (organization_id) WHERE loyalty_member").run()
        // The list sorted by points walks this index; `seq` breaks ties for its cursor.
        try await sql.raw("DROP INDEX customers_org_loyalty_idx").run()
        try await SchemaIndex.create("customers_org_loyalty_idx", on: "customers", columns: ["organization_id", "loyalty_points", "seq"], in: database)

        try await database.schema("loyalty_entries")
            .field("seq", bigint, .identifier(auto: true))
            .field("id", .uuid, .required)
            .field("organization_id", .uuid, .required, .references("organizations", .id, onDelete: .cascade))
            // An erased or deleted customer's entries stay for the sums, without the person.
            .field("customer_id", .uuid, .references("customers", "id", onDelete: .setNull))
            .field("kind", .string, .required)
            .field("points", .int, .required)
            .field("balance_after", .int, .required)
            // What is left of a grant (a positive entry) after spending took the oldest points first.
            .field("remaining", .int, .required)
            .field("reason", .string)
            .field("order_id", .uuid)
            .field("reward_id", .uuid)
            .field("expires_at", .datetime)
            .field("actor_user_id", .uuid)
            .field("actor_name", .string)
            // `signup`, `birthday:2026`: a bonus a customer gets once, whoever grants it and however often.
            .field("bonus_key", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "id", name: "loyalty_entries_id_key")
            .create()
        try await SchemaIndex.create("loyalty_entries_org_customer_idx", on: "loyalty_entries",
                                     columns: ["organization_id", "customer_id", "seq"], in: database)
        try await sql.raw("""
            CREATE UNIQUE INDEX loyalty_entries_bonus_key ON loyalty_entries (organization_id, customer_id, bonus_key)
            WHERE bonus_key IS NOT NULL
            """).run()
        // Spending finds a customer's unspent grants, oldest first; the expiry job finds the expired ones.
        try await sql.raw("""
            CREATE INDEX loyalty_entries_unspent_idx ON loyalty_entries (organization_id, customer_id, seq) WHERE remaining > 0
            """).run()
        try await sql.raw("""
            CREATE INDEX loyalty_entries_expiring_idx ON loyalty_entries (organization_id, expires_at)
            WHERE remaining > 0 AND expires_at IS NOT NULL
            """).run()
        // A customer's next points to expire (`GET /customers/{id}/loyalty`).
        try await sql.raw("""
            CREATE INDEX loyalty_entries_customer_expiring_idx ON loyalty_entries (organization_id, customer_id, expires_at)
            WHERE remaining > 0 AND expires_at IS NOT NULL
            """).run()
        try await sql.raw("""
            CREATE INDEX loyalty_entries_order_idx ON loyalty_entries (organization_id, order_id) WHERE order_id IS NOT NULL
            """).run()

        try await database.schema("rewards")
            .id()
            .field("organization_id", .uuid, .required, .references("organizations", .id, onDelete: .cascade))
            .field("name", .string, .required)
            .field("points_cost", .int, .required)
            .field("active", .bool, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await SchemaIndex.create("rewards_org_idx", on: "rewards", columns: ["organization_id", "created_at"], in: database)

        try await database.schema("gift_cards")
            .field("seq", bigint, .identifier(auto: true))
            .field("id", .uuid, .required)
            .field("organization_id", .uuid, .required, .references("organizations", .id, onDelete: .cascade))
            .field("code_hash", .string, .required)
            .field("code_last4", .string, .required)
            .field("currency", .string, .required)
            .field("initial_minor", .int64, .required)
            .field("balance_minor", .int64, .required)
            .field("customer_id", .uuid, .references("customers", "id", onDelete: .setNull))
            .field("expires_on", .string)
            .field("note", .string)
            .field("disabled_at", .datetime)
            .field("created_by_id", .uuid)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "id", name: "gift_cards_id_key")
            .unique(on: "organization_id", "code_hash", name: "gift_cards_org_code_key")
            .create()
        try await SchemaIndex.create("gift_cards_org_seq_idx", on: "gift_cards", columns: ["organization_id", "seq"], in: database)
        try await SchemaIndex.create("gift_cards_org_customer_idx", on: "gift_cards",
                                     columns: ["organization_id", "customer_id", "seq"], in: database)

        try await database.schema("gift_card_transactions")
            .field("seq", bigint, .identifier(auto: true))
            .field("id", .uuid, .required)
            .field("organization_id", .uuid, .required, .references("organizations", .id, onDelete: .cascade))
            .field("gift_card_id", .uuid, .required, .references("gift_cards", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("amount_minor", .int64, .required)
            .field("balance_after", .int64, .required)
            .field("order_id", .uuid)
            .field("actor_user_id", .uuid)
            .field("actor_name", .string)
            .field("created_at", .datetime, .required)
            .unique(on: "id", name: "gift_card_transactions_id_key")
            .create()
        try await SchemaIndex.create("gift_card_transactions_card_idx", on: "gift_card_transactions",
                                     columns: ["organization_id", "gift_card_id", "seq"], in: database)

        // Scheduled jobs: one lease per job (whoever holds it runs it), and how far each organization got.
        try await database.schema("scheduled_jobs")
            .field("name", .string, .identifier(auto: false))
            .field("lease_owner", .string)
            .field("lease_until", .datetime)
            .field("last_finished_at", .datetime)
            .create()
        try await database.schema("organization_job_marks")
            .field("organization_id", .uuid, .required, .references("organizations", .id, onDelete: .cascade))
            .field("job", .string, .required)
            .field("done_through", .string, .required)
            .field("updated_at", .datetime, .required)
            .compositeIdentifier(over: "organization_id", "job")
            .create()
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql
        for table in ["organization_job_marks", "scheduled_jobs", "gift_card_transactions", "gift_cards", "rewards", "loyalty_entries"] {
            try await database.schema(table).delete()
        }
        try await sql.raw("DROP INDEX customers_loyalty_member_idx").run()
        try await sql.raw("DROP INDEX customers_org_loyalty_idx").run()
        try await SchemaIndex.create("customers_org_loyalty_idx", on: "customers", columns: ["organization_id", "loyalty_points"], in: database)
        try await database.schema("customers").deleteField("loyalty_member").update()
        try await database.schema("orders").deleteField("earns_loyalty").update()
        try await database.schema("orders").deleteField("loyalty_points").update()
        try await database.schema("organizations").deleteField("loyalty_program").update()
    }
}
