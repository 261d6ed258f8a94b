#ifndef CLIENTELE_SQLITE_PAGE_CACHE_H
#define CLIENTELE_SQLITE_PAGE_CACHE_H

/// Gives SQLite `kibibytes` of page-cache memory, allocated and touched here once, which every connection's page
/// cache draws its pages from and returns them to (`SQLITE_CONFIG_PAGECACHE`); a page that finds the block full is
/// allocated as usual. SQLite's `sqlite3_config` takes variable arguments, which Swift cannot call: these are the calls.
/// Returns SQLite's result code: 0 (SQLITE_OK); 21 (SQLITE_MISUSE) once SQLite has started; 7 (SQLITE_NOMEM).
int clientele_sqlite_reserve_page_cache(int kibibytes);

/// The bytes of the block reserved (whole slots of a 4 KiB page and SQLite's header for it); 0 before a reservation.
long long clientele_sqlite_page_cache_bytes(void);

#endif
