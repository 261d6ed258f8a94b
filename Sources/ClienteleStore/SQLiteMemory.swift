import NIOConcurrencyHelpers
import SQLKit
import VaporCSQLite

/// The memory SQLite holds for a connection: its page cache (filled as pages are read, up to `PRAGMA cache_size`), its
/// prepared statements and its schema. It is part of the process's resident memory; `/metrics` shows it so that a
/// growing RSS can be told apart — SQLite filling its bounded caches, or the application's own heap.
///
/// SQLiteNIO's SQLite is built without global memory statistics (`SQLITE_DEFAULT_MEMSTATUS=0`), and a connection's
/// handle must not be used from outside while it may close, so each connection answers for itself: a SQL function,
/// registered for every connection through `sqlite3_auto_extension` (as `SQLiteConnectionHandles` does), reads the
/// connection's own `sqlite3_db_status` counters.
public enum SQLiteMemory {
    public static let functionName = "clientele_connection_memory"

    private static let installed = NIOLockedValueBox(false)

    /// Registers the function for every connection opened from now on (once per process).
    public static func install() {
        installed.withLockedValue { done in
            guard !done else { return }
            done = true
            let entry: @convention(c) (OpaquePointer?, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, OpaquePointer?) -> Int32 = { db, _, _ in
                let answer: @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void = { context, _, _ in
                    let handle = sqlite_nio_sqlite3_context_db_handle(context)
                    var total: Int64 = 0
                    for counter in [SQLITE_DBSTATUS_CACHE_USED, SQLITE_DBSTATUS_STMT_USED, SQLITE_DBSTATUS_SCHEMA_USED] {
                        var current: Int32 = 0, highest: Int32 = 0
                        if sqlite_nio_sqlite3_db_status(handle, counter, &current, &highest, 0) == SQLITE_OK { total += Int64(current) }
                    }
                    sqlite_nio_sqlite3_result_int64(context, total)
                }
                return sqlite_nio_sqlite3_create_function_v2(db, "clientele_connection_memory", 0, SQLITE_UTF8 | SQLITE_DIRECTONLY,
                                                             nil, answer, nil, nil, nil)
            }
            sqlite_nio_sqlite3_auto_extension(unsafeBitCast(entry, to: (@convention(c) () -> Void).self))
        }
    }

    /// Bytes the connection `database` runs on holds: page cache, statements and schema.
    public static func used(on database: any SQLDatabase) async throws -> Int {
        try await SQLRows.first("SELECT \(unsafeRaw: functionName)() AS bytes", on: database)?.decode(column: "bytes", as: Int.self) ?? 0
    }
}
