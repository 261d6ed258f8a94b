import FluentKit
import SQLKit

/// On SQLite, a second substring index over name, email and phone whose row ids follow the name order
/// (`customers_name_order`), so that a term many customers match is answered in name order from its first matches.
///
/// The search index (`customers_fts`) keys its entries by `seq`, the insertion order. Sorted by name, a term that
/// matches tens of thousands of customers ("ann" at a million) was answered by walking the name index and testing
/// each entry against the term's matches, and names cluster: by name the first "ann" came after 83,000 entries, by
/// −name after 120,000. Here an entry's row id is `CustomerNameOrder.rowid`: the name's first seven characters packed
/// into the high bits, then `seq`. Row ids in ascending order are the name order up to those seven characters, so FTS5
/// hands out a term's matches in (nearly) name order, and a page reads its first matches plus the ones that share
/// the last one's seven characters, which it sorts exactly (`CustomerSearch.nameOrderPage`).
///
/// Contentless with `detail=none` (row ids only, no positions, no copy of the text): a term longer than three
/// characters matches every entry that has all its trigrams, so each match is tested on its row. An entry is taken
/// out with FTS5's `delete` command and the values it was written with (as for the search index), which with
/// secure-delete removes an erased person's trigrams from the file; `contentless_delete` would leave them there
/// until a merge. Customers whose
/// `seq` does not fit 28 bits (after 268 million inserts into one file) are left out, and the search does not use
/// the index then. New customers are indexed with the search index's queue (`CustomerSearchIndex.flushQueued`);
/// changes and deletes by the triggers below. Entries are written in row id order (`ORDER BY 1`): FTS5 writes out its
/// pending entries whenever a row id is not above the last one, and in name order a batch's row ids are random, which
/// made every customer a segment of its own (3.3 s per 100,000 instead of 0.7). Nothing on PostgreSQL.
struct IndexCustomersInNameOrder: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard SQLDialectKind(database) == .sqlite, let sql = database as? any SQLDatabase else { return }
        let table = CustomerNameOrder.table
        try await sql.raw("""
            CREATE VIRTUAL TABLE \(unsafeRaw: table) USING fts5(search_name, email, phone,
                content='', detail=none, tokenize='trigram')
            """).run()
        // As for the search index (0014): an erased person's terms leave the file.
        try await sql.raw("INSERT INTO \(unsafeRaw: table)(\(unsafeRaw: table), rank) VALUES ('secure-delete', 1)").run()
        // Queued customers are indexed by the next flush, into both indexes.
        try await sql.raw("""
            INSERT INTO \(unsafeRaw: table)(rowid, search_name, email, phone)
            SELECT \(unsafeRaw: CustomerNameOrder.rowid(name: "search_name", seq: "seq")), search_name, email, phone
            FROM customers WHERE seq < \(unsafeRaw: String(CustomerNameOrder.seqLimit))
            AND seq NOT IN (SELECT seq FROM customers_fts_pending) ORDER BY 1
            """).run()
        // One delete trigger for both indexes: an entry is taken out of each only while the customer is not queued
        // (a queued one has no entry yet), and the queue's row goes last, so the order of two triggers cannot matter.
        try await sql.raw("DROP TRIGGER customers_fts_delete").run()
        try await sql.raw("""
            CREATE TRIGGER customers_fts_delete AFTER DELETE ON customers BEGIN
                INSERT INTO customers_fts(customers_fts, rowid, search_name, email, phone)
                    SELECT 'delete', old.seq, old.search_name, old.email, old.phone
                    WHERE NOT EXISTS (SELECT 1 FROM customers_fts_pending WHERE seq = old.seq);
                INSERT INTO \(unsafeRaw: table)(\(unsafeRaw: table), rowid, search_name, email, phone)
                    SELECT 'delete', \(unsafeRaw: CustomerNameOrder.rowid(name: "old.search_name", seq: "old.seq")),
                        old.search_name, old.email, old.phone
                    WHERE old.seq < \(unsafeRaw: String(CustomerNameOrder.seqLimit))
                    AND NOT EXISTS (SELECT 1 FROM customers_fts_pending WHERE seq = old.seq);
                DELETE FROM customers_fts_pending WHERE seq = old.seq;
            END
            """).run()
        try await sql.raw("""
            CREATE TRIGGER customers_name_order_update AFTER UPDATE OF search_name, email, phone ON customers
            WHEN old.seq < \(unsafeRaw: String(CustomerNameOrder.seqLimit))
            AND NOT EXISTS (SELECT 1 FROM customers_fts_pending WHERE seq = new.seq) BEGIN
                INSERT INTO \(unsafeRaw: table)(\(unsafeRaw: table), rowid, search_name, email, phone)
                    VALUES ('delete', \(unsafeRaw: CustomerNameOrder.rowid(name: "old.search_name", seq: "old.seq")),
                        old.search_name, old.email, old.phone);
                INSERT INTO \(unsafeRaw: table)(rowid, search_name, email, phone)
                    VALUES (\(unsafeRaw: CustomerNameOrder.rowid(name: "new.search_name", seq: "new.seq")), new.search_name, new.email, new.phone);
            END
            """).run()
    }

    func revert(on database: any Database) async throws {
        guard SQLDialectKind(database) == .sqlite, let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP TRIGGER IF EXISTS customers_name_order_update").run()
        try await sql.raw("DROP TRIGGER IF EXISTS customers_fts_delete").run()
        try await sql.raw(SQLQueryString(QueueSearchIndexInserts.deleteTrigger)).run()
        try await sql.raw("DROP TABLE IF EXISTS \(unsafeRaw: CustomerNameOrder.table)").run()
    }
}

/// The row ids of `customers_name_order` (migration 0033), in SQL: the folded name's first `symbols` characters, five
/// bits each, above the customer's `seq` (28 bits).
///
/// Each character becomes a symbol that keeps SQLite's order of names (byte order of UTF-8, which is code point
/// order): the end of the name 0, a control character 1, a space 2, another character below `a` (digits, `-`, `'`,
/// `.`) 3, `a`–`z` 4–29, anything above `z` 30. Letters and the space are exact; the others stand for a range, so
/// after one of them the remaining symbols are 0 (the names it covers differ further on, in any order). Hence
/// `name1 < name2` implies `key(name1) ≤ key(name2)`: ascending row ids never put a name before a smaller one's key.
public enum CustomerNameOrder {
    public static let table = "customers_name_order"
    /// Characters in the key.
    public static let symbols = 7
    /// Bits of `seq` below the key.
    public static let seqBits = 28
    /// Customers with a `seq` at or above this are not in the index.
    public static let seqLimit: Int64 = 1 << 28

    /// The key of the folded name `name` (an SQL expression), below 2^35.
    public static func key(of name: String) -> String {
        var parts: [String] = []
        for position in 1...symbols {
            let code = "unicode(substr(\(name), \(position), 1))"
            var symbol = "(CASE WHEN \(code) IS NULL THEN 0 WHEN \(code) < 32 THEN 1 WHEN \(code) = 32 THEN 2 "
                + "WHEN \(code) < 97 THEN 3 WHEN \(code) <= 122 THEN \(code) - 93 ELSE 30 END)"
            if position > 1 {
                symbol = "(CASE WHEN substr(\(name), 1, \(position - 1)) GLOB '*[^ a-z]*' THEN 0 ELSE \(symbol) END)"
            }
            parts.append("(\(symbol) << \(5 * (symbols - position)))")
        }
        return "(" + parts.joined(separator: " | ") + ")"
    }

    /// The row id of a customer: `key(name) << 28 | seq`, below 2^63 (SQL expressions in, one out).
    public static func rowid(name: String, seq: String) -> String {
        "((\(key(of: name)) << \(seqBits)) | \(seq))"
    }
}
