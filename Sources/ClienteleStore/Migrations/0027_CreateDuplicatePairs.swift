import FluentKit
import SQLKit

/// The duplicates page's pairs, kept instead of computed per request (at a million customers that took 20 s):
/// `duplicate_pairs` holds each organization's likely pairs with their score and reasons, and
/// `duplicate_pairs_stale` the customers whose pairs must be computed again. Triggers mark a customer stale whenever
/// what the pairs are made of changes — its name, phone or email, an address, its insertion or deletion — whatever
/// writes it (the API, the dashboard, an import, a merge or its undo, an erasure, demo data, or the `sqlite3` shell).
/// Each mark is a new random number, so that the refresh (`DuplicatePairIndex`) removes exactly the marks it read:
/// a customer changed again while its pairs were computed stays stale. `duplicate_pairs_built` says which
/// organizations' pairs were computed once in full (the first time, or after a bulk load, everything is read).
struct CreateDuplicatePairs: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = try database.sql
        try await database.schema("duplicate_pairs")
            .field("organization_id", .uuid, .required)
            .field("first_id", .uuid, .required)
            .field("second_id", .uuid, .required)
            .field("score", .int, .required)
            .field("reasons", .string, .required)
            .compositeIdentifier(over: "organization_id", "first_id", "second_id")
            .create()
        try await sql.raw("CREATE INDEX duplicate_pairs_org_score_idx ON duplicate_pairs (organization_id, score DESC, first_id, second_id)").run()
        try await sql.raw("CREATE INDEX duplicate_pairs_org_second_idx ON duplicate_pairs (organization_id, second_id)").run()
        try await database.schema("duplicate_pairs_stale")
            .field("organization_id", .uuid, .required)
            .field("customer_id", .uuid, .required)
            .field("mark", .int64, .required)
            .compositeIdentifier(over: "organization_id", "customer_id")
            .create()
        try await database.schema("duplicate_pairs_built")
            .field("organization_id", .uuid, .identifier(auto: false))
            .field("built_at", .datetime, .required)
            .create()
        if SQLDialectKind(database) == .postgres {
            try await createPostgresTriggers(sql)
        } else {
            try await createSQLiteTriggers(sql)
        }
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql
        if SQLDialectKind(database) == .postgres {
            for (table, _) in Self.watched {
                try await sql.raw("DROP TRIGGER \(unsafeRaw: table)_duplicate_pairs_stale ON \(unsafeRaw: table)").run()
                try await sql.raw("DROP FUNCTION \(unsafeRaw: table)_duplicate_pairs_stale()").run()
            }
        } else {
            for (table, _) in Self.watched {
                for event in ["insert", "update", "delete"] {
                    try await sql.raw("DROP TRIGGER \(unsafeRaw: table)_duplicate_pairs_\(unsafeRaw: event)").run()
                }
            }
        }
        try await database.schema("duplicate_pairs_built").delete()
        try await database.schema("duplicate_pairs_stale").delete()
        try await database.schema("duplicate_pairs").delete()
    }

    /// The tables whose rows make a customer's pairs, with the column that names the customer, and the columns that
    /// matter on an update.
    static let watched: [(String, (customer: String, columns: String))] = [
        ("customers", ("id", "name, phone, email")),
        ("addresses", ("customer_id", "line1, postal_code, city, customer_id")),
    ]

    private func createSQLiteTriggers(_ sql: any SQLDatabase) async throws {
        for (table, watch) in Self.watched {
            func mark(_ row: String) -> String {
                """
                INSERT INTO duplicate_pairs_stale (organization_id, customer_id, mark) VALUES (\(row).organization_id, \(row).\(watch.customer), random())
                    ON CONFLICT (organization_id, customer_id) DO UPDATE SET mark = excluded.mark;
                """
            }
            try await sql.raw("""
                CREATE TRIGGER \(unsafeRaw: table)_duplicate_pairs_insert AFTER INSERT ON \(unsafeRaw: table) BEGIN \(unsafeRaw: mark("new")) END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER \(unsafeRaw: table)_duplicate_pairs_update AFTER UPDATE OF \(unsafeRaw: watch.columns) ON \(unsafeRaw: table)
                BEGIN \(unsafeRaw: mark("old")) \(unsafeRaw: mark("new")) END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER \(unsafeRaw: table)_duplicate_pairs_delete AFTER DELETE ON \(unsafeRaw: table) BEGIN \(unsafeRaw: mark("old")) END
                """).run()
        }
    }

    private func createPostgresTriggers(_ sql: any SQLDatabase) async throws {
        for (table, watch) in Self.watched {
            func mark(_ row: String) -> String {
                """
                INSERT INTO duplicate_pairs_stale (organization_id, customer_id, mark)
                    VALUES (\(row).organization_id, \(row).\(watch.customer), floor(random() * 9007199254740991)::bigint)
                    ON CONFLICT (organization_id, customer_id) DO UPDATE SET mark = excluded.mark;
                """
            }
            try await sql.raw("""
                CREATE FUNCTION \(unsafeRaw: table)_duplicate_pairs_stale() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP <> 'INSERT' THEN \(unsafeRaw: mark("OLD")) END IF;
                    IF TG_OP <> 'DELETE' THEN \(unsafeRaw: mark("NEW")) END IF;
                    RETURN NULL;
                END $$
                """).run()
            try await sql.raw("""
                CREATE TRIGGER \(unsafeRaw: table)_duplicate_pairs_stale AFTER INSERT OR DELETE OR UPDATE OF \(unsafeRaw: watch.columns)
                ON \(unsafeRaw: table) FOR EACH ROW EXECUTE FUNCTION \(unsafeRaw: table)_duplicate_pairs_stale()
                """).run()
        }
    }
}
