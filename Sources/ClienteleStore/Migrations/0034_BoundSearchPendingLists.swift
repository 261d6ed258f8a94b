import FluentKit
import SQLKit

/// On PostgreSQL, the trigram indexes' pending lists are kept to `TrigramIndexes.pendingListKiB` instead of the
/// server's 4 MB.
///
/// A GIN index with `fastupdate` (the default) takes new entries into a pending list, unsorted, and merges them into
/// the index when the list passes `gin_pending_list_limit` or (auto)vacuum runs. Every search reads the whole list:
/// at 4 MB that is some 480 pages per trigram index, 6 to 13 ms each, three indexes per search, so a rare phone
/// fragment took 18 ms instead of 2 (`benchmarks/results/postgres-a-ee60313.md`) until autovacuum came by. At
/// 512 kB a search reads at most 64 pages of each; a create that fills the list merges it, as before, in
/// smaller steps. After a bulk load the lists are merged at once (`CustomerSearchIndex.afterBulkLoad`).
///
/// SQLite's FTS5 index has no such list; there this migration changes nothing.
struct BoundSearchPendingLists: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard SQLDialectKind(database) == .postgres else { return }
        let sql = try database.sql
        for index in TrigramIndexes.names {
            try await sql.raw("ALTER INDEX \(ident: index) SET (gin_pending_list_limit = \(unsafeRaw: String(TrigramIndexes.pendingListKiB)))").run()
        }
    }

    func revert(on database: any Database) async throws {
        guard SQLDialectKind(database) == .postgres else { return }
        let sql = try database.sql
        for index in TrigramIndexes.names {
            try await sql.raw("ALTER INDEX \(ident: index) RESET (gin_pending_list_limit)").run()
        }
    }
}

/// PostgreSQL's trigram indexes of the customers' search (pg_trgm GIN, migration 0006), and the bound of their pending
/// lists (`BoundSearchPendingLists`).
public enum TrigramIndexes {
    public static let names = ["customers_name_trgm_idx", "customers_email_trgm_idx", "customers_phone_trgm_idx"]
    public static let pendingListKiB = 512
}
