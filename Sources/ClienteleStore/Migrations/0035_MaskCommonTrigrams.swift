import FluentKit
import SQLKit

/// On PostgreSQL, the customers that hold each common trigram in name order (`customer_common_trigrams`), so that a
/// term made of common trigrams is answered by name from its first matches.
///
/// Sorted by name, a term that tens of thousands of customers match ("ann" at a million) was answered by walking the
/// name index and reading each row to test the term: names cluster, and the first "ann" came after 83,000 names
/// (130 ms). A GIN index hands out its matches in heap order, so it cannot give the first ones by name either.
///
/// - `customers.trigram_mask` (generated) has bit i set when the name, email or phone holds
///   `CustomerTrigramMask.dictionary[i]`, a trigram common in people's names: 1.5 bits a customer on average in the
///   demo data.
/// - `customer_common_trigrams` has a row (organization, bit, folded name, seq) for each bit a customer's mask has,
///   kept by triggers on `customers`: new customers by one statement per insert statement (a bulk insert's
///   thousands together), changes of the name or email and deletes row by row.
/// - A customer who matches a term holds each of its trigrams, so a term whose trigrams are all common is answered
///   by walking one bit's rows in name order and testing each one's customer (`CustomerSearch.commonTrigramPage`).
///   A term with a rarer trigram keeps the trigram indexes, which then find few matches.
///
/// Adding the column rewrites the table under its lock (about a minute at a million customers); the backfill writes
/// 1.5 rows a customer. The table's key starts with `organization_id` (Citus: distributed and co-located with
/// `customers`). Nothing on SQLite, whose name-order index (0033) serves there.
struct MaskCommonTrigrams: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard SQLDialectKind(database) == .postgres else { return }
        let sql = try database.sql
        try await sql.raw(SQLQueryString(CustomerTrigramMask.functionSQL)).run()
        try await sql.raw("""
            ALTER TABLE customers ADD COLUMN trigram_mask bigint NOT NULL
            GENERATED ALWAYS AS (clientele_trigram_mask(search_name || chr(10) || coalesce(email, '') || chr(10) || coalesce(phone, ''))) STORED
            """).run()
        try await sql.raw("""
            CREATE TABLE customer_common_trigrams (organization_id uuid NOT NULL, bit smallint NOT NULL,
                search_name text NOT NULL, seq bigint NOT NULL, trigram_mask bigint NOT NULL,
                PRIMARY KEY (organization_id, bit, search_name, seq) INCLUDE (trigram_mask))
            """).run()
        // The rows of a customer's bits: `source` names the customers' rows (a transition table or NEW / OLD).
        func rows(of source: String) -> String {
            """
            SELECT \(source).organization_id, bit, \(source).search_name, \(source).seq, \(source).trigram_mask
            FROM generate_series(0, 62) AS bit WHERE \(source).trigram_mask & (1::bigint << bit) <> 0
            """
        }
        let columns = "customer_common_trigrams (organization_id, bit, search_name, seq, trigram_mask)"
        try await sql.raw("""
            CREATE FUNCTION clientele_common_trigrams_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO \(unsafeRaw: columns)
                SELECT inserted.organization_id, bit, inserted.search_name, inserted.seq, inserted.trigram_mask
                FROM inserted_customers AS inserted CROSS JOIN generate_series(0, 62) AS bit
                WHERE inserted.trigram_mask <> 0 AND inserted.trigram_mask & (1::bigint << bit) <> 0;
                RETURN NULL;
            END $$
            """).run()
        try await sql.raw("""
            CREATE FUNCTION clientele_common_trigrams_changed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP <> 'INSERT' AND OLD.trigram_mask <> 0 THEN
                    DELETE FROM customer_common_trigrams WHERE organization_id = OLD.organization_id
                    AND search_name = OLD.search_name AND seq = OLD.seq
                    AND bit IN (SELECT bit FROM generate_series(0, 62) AS bit WHERE OLD.trigram_mask & (1::bigint << bit) <> 0);
                END IF;
                IF TG_OP <> 'DELETE' AND NEW.trigram_mask <> 0 THEN
                    INSERT INTO \(unsafeRaw: columns) \(unsafeRaw: rows(of: "NEW"));
                END IF;
                RETURN NULL;
            END $$
            """).run()
        try await sql.raw("""
            CREATE TRIGGER customers_common_trigrams_insert AFTER INSERT ON customers
            REFERENCING NEW TABLE AS inserted_customers FOR EACH STATEMENT EXECUTE FUNCTION clientele_common_trigrams_inserted()
            """).run()
        try await sql.raw("""
            CREATE TRIGGER customers_common_trigrams_update AFTER UPDATE OF search_name, email, phone ON customers FOR EACH ROW
            WHEN (OLD.trigram_mask IS DISTINCT FROM NEW.trigram_mask OR OLD.search_name IS DISTINCT FROM NEW.search_name)
            EXECUTE FUNCTION clientele_common_trigrams_changed()
            """).run()
        try await sql.raw("""
            CREATE TRIGGER customers_common_trigrams_delete AFTER DELETE ON customers FOR EACH ROW
            EXECUTE FUNCTION clientele_common_trigrams_changed()
            """).run()
        try await sql.raw("""
            INSERT INTO \(unsafeRaw: columns)
            SELECT customers.organization_id, bit, customers.search_name, customers.seq, customers.trigram_mask
            FROM customers CROSS JOIN generate_series(0, 62) AS bit
            WHERE customers.trigram_mask <> 0 AND customers.trigram_mask & (1::bigint << bit) <> 0
            """).run()
    }

    func revert(on database: any Database) async throws {
        guard SQLDialectKind(database) == .postgres else { return }
        let sql = try database.sql
        for trigger in ["customers_common_trigrams_insert", "customers_common_trigrams_update", "customers_common_trigrams_delete"] {
            try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: trigger) ON customers").run()
        }
        try await sql.raw("DROP FUNCTION IF EXISTS clientele_common_trigrams_inserted()").run()
        try await sql.raw("DROP FUNCTION IF EXISTS clientele_common_trigrams_changed()").run()
        try await sql.raw("DROP TABLE IF EXISTS customer_common_trigrams").run()
        try await sql.raw("ALTER TABLE customers DROP COLUMN IF EXISTS trigram_mask").run()
        try await sql.raw("DROP FUNCTION IF EXISTS clientele_trigram_mask(text)").run()
    }
}

/// The common trigrams of `customers.trigram_mask` (migration 0035) and the masks of search terms.
///
/// The dictionary is the 63 most frequent letter trigrams of 470 common given and family names of a dozen countries
/// (`scripts/trigram-dictionary.py` lists them and prints this array); bit i is `dictionary[i]`. Changing it needs a
/// migration that replaces the function (the column is then computed anew).
public enum CustomerTrigramMask {
    public static let dictionary = [
        "mar", "and", "son", "har", "ell", "ric", "ill", "her", "che", "han", "ann", "ter", "ber", "ich", "cha",
        "ard", "ris", "ath", "tin", "ine", "art", "lia", "eli", "san", "ren", "aro", "man", "war", "sti", "ran",
        "ari", "sch", "lli", "ara", "oma", "chr", "anc", "nie", "the", "ndr", "ste", "nna", "hel", "lle", "ian",
        "jac", "ang", "tha", "ale", "der", "ali", "rie", "ers", "ker", "ame", "joh", "enn", "wil", "tho", "hri",
        "ist", "ani", "ona"
    ]

    /// The SQL function the column is generated by: one `strpos` per common trigram, inlined by PostgreSQL.
    public static var functionSQL: String {
        let bits = dictionary.enumerated().map { index, trigram in
            "(CASE WHEN strpos(t, '\(trigram)') > 0 THEN \(Int64(1) << index) ELSE 0 END)"
        }
        return "CREATE OR REPLACE FUNCTION clientele_trigram_mask(t text) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE "
            + "RETURN (" + bits.joined(separator: " | ") + ")::bigint"
    }

    /// The bits of `text`'s trigrams that are in the dictionary, the highest of them (the rarest in the names the
    /// dictionary was drawn from), and whether all its trigrams are there; nil for text shorter than a trigram or with
    /// no common trigram.
    public static func mask(ofTerm text: String) -> (mask: Int64, rarestBit: Int, allCommon: Bool)? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 3 else { return nil }
        var mask: Int64 = 0
        var rarest = -1
        var allCommon = true
        for start in 0...(scalars.count - 3) {
            var trigram = String.UnicodeScalarView()
            trigram.append(contentsOf: scalars[start..<(start + 3)])
            if let bit = bitOf[String(trigram)] {
                mask |= Int64(1) << bit
                rarest = max(rarest, bit)
            } else {
                allCommon = false
            }
        }
        return rarest < 0 ? nil : (mask, rarest, allCommon)
    }

    private static let bitOf = Dictionary(uniqueKeysWithValues: dictionary.enumerated().map { ($1, $0) })
}
