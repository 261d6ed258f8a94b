#include "CSQLitePageCache.h"

#include <stdlib.h>
#include <string.h>

// SQLiteNIO's own SQLite (VaporCSQLite), whose symbols carry the `sqlite_nio_` prefix; linked with the executable.
extern int sqlite_nio_sqlite3_config(int option, ...);

enum {
    sqlite_ok = 0,
    sqlite_nomem = 7,
    sqlite_config_pagecache = 7,     // void *memory, int slot size, int slots
    sqlite_config_pcache_hdrsz = 24, // int *: the bytes SQLite keeps beside each page of such a block
    page_size = 4096,                // SQLite's default, and every database Clientele creates
};

static long long block_bytes = 0;

int clientele_sqlite_reserve_page_cache(int kibibytes) {
    int header = 0;
    int rc = sqlite_nio_sqlite3_config(sqlite_config_pcache_hdrsz, &header);
    if (rc != sqlite_ok) return rc;
    int slot = (page_size + header + 7) & ~7;
    int slots = (int)((long long)kibibytes * 1024 / slot);
    if (slots < 1) return sqlite_ok;
    // Written through once, so the block is resident from the start and never grows resident memory later.
    void *block = calloc((size_t)slots, (size_t)slot);
    if (block == NULL) return sqlite_nomem;
    memset(block, 0, (size_t)slots * (size_t)slot);
    rc = sqlite_nio_sqlite3_config(sqlite_config_pagecache, block, slot, slots);
    if (rc != sqlite_ok) {
        free(block);
        return rc;
    }
    block_bytes = (long long)slots * slot;
    return sqlite_ok;
}

long long clientele_sqlite_page_cache_bytes(void) { return block_bytes; }
