import FluentKit
import SQLKit

/// On PostgreSQL, each customer's common trigrams as entries of their own in name order
/// (`customer_trigram_postings`), so that a term made of common trigrams is answered by name from its first matches
/// without passing the names that lack them.
///
/// Migration 0035 put each customer's common trigrams (`trigram_mask`) beside her name in the name index, and a dense
/// term sorted by name walked that index testing the bits: the index alone, but every name before the page. Names
/// cluster, and "ann" at a million customers passed 83,000 of them (6 ms) before its first match. Here a row per
/// customer and common trigram she holds — (organization, trigram's bit, folded name, seq, her whole mask) — under the
/// key (organization, bit, name, seq): a term's walk reads one bit's entries in name order, each with the customer's
/// mask to test the term's other bits, and "ann"'s first page is its first 84 entries (0.07 ms).
/// `CustomerSearch.maskedNamePage` walks it.
///
/// Kept by triggers, whatever writes a customer (the API, an import, a merge, an erasure, demo data, `psql`):
/// - inserts by a statement trigger over the statement's new rows, one `INSERT … SELECT` per statement, so an
///   import's batch is one statement, not one per row (a restore from `pg_dump` copies the entries themselves: its
///   triggers are created after the data);
/// - updates by a row trigger that fires only when the name or the mask changed (`WHEN`), so the updates of totals,
///   loyalty or consent cost nothing;
/// - deletes by a row trigger: PL/pgSQL plans a statement trigger's query once a session, with the row count of its
///   first call, and a one-row delete planned as a join of whole tables would read every entry.
/// Demo-data's names hold 1.6 common trigrams on average (2.2 million entries, 333 MB with the key, at 1.37 million
/// customers). A one-row insert pays about 30 µs more in `pgbench` (3,300 → 3,010 inserts/s with 4 clients). The
/// fill at migration runs under a lock that holds writes to customers (7.6 s at 1.37 million: 4.9 s the rows, 2.7 s
/// the key). Nothing on SQLite, whose name-order index (0033) serves there.
struct PostCommonTrigramsByName: AsyncMigration {
    static let table = "customer_trigram_postings"

    func prepare(on database: any Database) async throws {
        guard SQLDialectKind(database) == .postgres else { return }
        try await database.transaction { database in
            let sql = try database.sql
            let table = Self.table
            // No customer is written between the fill and the triggers.
            try await sql.raw("LOCK TABLE customers IN SHARE ROW EXCLUSIVE MODE").run()
            try await sql.raw("""
                CREATE TABLE \(unsafeRaw: table) (
                    organization_id uuid NOT NULL,
                    trigram smallint NOT NULL,
                    search_name text NOT NULL,
                    seq bigint NOT NULL,
                    trigram_mask bigint NOT NULL
                )
                """).run()
            try await sql.raw(SQLQueryString(Self.insertEntries(of: "customers", isTable: true))).run()
            // Built after the fill: sorting 2 million entries once is faster than inserting them one by one.
            try await sql.raw("""
                ALTER TABLE \(unsafeRaw: table) ADD CONSTRAINT \(unsafeRaw: table)_pkey
                PRIMARY KEY (organization_id, trigram, search_name, seq) INCLUDE (trigram_mask)
                """).run()
            for statement in Self.triggerSQL { try await sql.raw(SQLQueryString(statement)).run() }
        }
    }

    func revert(on database: any Database) async throws {
        guard SQLDialectKind(database) == .postgres else { return }
        let sql = try database.sql
        for event in ["inserted", "updated", "deleted"] {
            try await sql.raw("DROP TRIGGER IF EXISTS customers_trigram_postings_\(unsafeRaw: event) ON customers").run()
            try await sql.raw("DROP FUNCTION IF EXISTS customers_trigram_postings_\(unsafeRaw: event)()").run()
        }
        try await sql.raw("DROP TABLE IF EXISTS \(unsafeRaw: Self.table)").run()
    }

    /// The bits set in `mask` (as `bit`), to follow `FROM` or `CROSS JOIN`, with their `WHERE`.
    static func bits(of mask: String) -> String {
        "generate_series(0, \(CustomerTrigramMask.dictionary.count - 1)) AS bit WHERE \(mask) & (1::bigint << bit) <> 0"
    }

    /// The `INSERT` of the entries of `rows`: the rows of a table (`customers`, a transition table), or the one row of
    /// a row trigger (`NEW`, which PL/pgSQL reads as a record, not as a table to join).
    static func insertEntries(of rows: String, isTable: Bool) -> String {
        """
        INSERT INTO \(table) (organization_id, trigram, search_name, seq, trigram_mask)
            SELECT \(rows).organization_id, bit, \(rows).search_name, \(rows).seq, \(rows).trigram_mask
            FROM \(isTable ? "\(rows) CROSS JOIN " : "")\(bits(of: "\(rows).trigram_mask"))
        """
    }

    /// The three trigger functions and their triggers.
    static var triggerSQL: [String] {
        let deleteOld = """
            DELETE FROM \(table) WHERE organization_id = OLD.organization_id AND search_name = OLD.search_name
                AND seq = OLD.seq AND trigram IN (SELECT bit FROM \(bits(of: "OLD.trigram_mask")))
            """
        return [
            """
            CREATE FUNCTION customers_trigram_postings_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                \(insertEntries(of: "inserted", isTable: true));
                RETURN NULL;
            END $$
            """,
            """
            CREATE TRIGGER customers_trigram_postings_inserted AFTER INSERT ON customers
                REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION customers_trigram_postings_inserted()
            """,
            """
            CREATE FUNCTION customers_trigram_postings_updated() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                \(deleteOld);
                \(insertEntries(of: "NEW", isTable: false));
                RETURN NULL;
            END $$
            """,
            """
            CREATE TRIGGER customers_trigram_postings_updated AFTER UPDATE ON customers FOR EACH ROW
                WHEN (OLD.trigram_mask <> NEW.trigram_mask OR OLD.search_name <> NEW.search_name OR OLD.seq <> NEW.seq
                      OR OLD.organization_id <> NEW.organization_id)
                EXECUTE FUNCTION customers_trigram_postings_updated()
            """,
            """
            CREATE FUNCTION customers_trigram_postings_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                \(deleteOld);
                RETURN NULL;
            END $$
            """,
            """
            CREATE TRIGGER customers_trigram_postings_deleted AFTER DELETE ON customers FOR EACH ROW
                WHEN (OLD.trigram_mask <> 0) EXECUTE FUNCTION customers_trigram_postings_deleted()
            """,
        ]
    }
}
