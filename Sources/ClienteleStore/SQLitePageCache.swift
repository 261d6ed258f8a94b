import CSQLitePageCache

/// Page-cache memory that stays put. SQLite empties a connection's page cache whenever another connection has
/// committed (WAL mode: its next read finds a new header). By default each page is a `malloc` of its own, freed then
/// and taken again page by page as the cache fills; under a steady load of reads and writes that churn kept the
/// allocator's heap growing for half an hour (`benchmarks/soak.py`: the caches sampled anywhere from 8 to 44 MB, and
/// resident memory followed their highs).
///
/// Reserved here, one block of `blockKiB` is allocated and written through at start, before any database opens.
/// Every connection's pages are taken from it and go back to it; a page that finds it full is allocated as before.
/// Resident memory holds the block from the start and does not grow with the caches.
public enum SQLitePageCache {
    /// The block, for all connections together: what the soak's two connections held at their highest (about 40 MB
    /// of pages, each connection at most its 32 MB `cache_size`, `SQLitePragmas`).
    public static let blockKiB = 40 * 1024

    /// Reserves the block; call it once, before any SQLite database is opened (SQLite takes it only before it starts).
    /// Returns false when it was too late, or memory was short: SQLite then allocates each page as usual.
    @discardableResult
    public static func reserve() -> Bool {
        clientele_sqlite_reserve_page_cache(Int32(blockKiB)) == 0
    }

    /// The bytes reserved (`/metrics`: `clientele_sqlite_page_cache_block_bytes`), or 0 when nothing was.
    public static var blockBytes: Int { Int(clientele_sqlite_page_cache_bytes()) }
}
