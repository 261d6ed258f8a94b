import SQLKit
import VaporCSQLite

/// The memory SQLite holds for a connection: its page cache (filled as pages are read, up to `PRAGMA cache_size`), its
/// prepared statements and its schema. It is part of the process's resident memory; `/metrics` shows it so that a
/// growing RSS can be told apart — SQLite filling its bounded caches, or the application's own heap.
///
/// SQLiteNIO's SQLite is built without global memory statistics (`SQLITE_DEFAULT_MEMSTATUS=0`), and a connection's
/// handle must not be used from outside while it may close, so each connection answers for itself: a SQL function,
/// registered for every connection together with `SQLiteConnectionHandles`' function, reads the connection's own
/// `sqlite3_db_status` counters.
public enum SQLiteMemory {
    public static let functionName = "clientele_connection_memory"

    /// The function's body, registered for every connection with `SQLiteConnectionHandles`' function (one
    /// `sqlite3_auto_extension` for both): the connection's page cache, statements and schema, in bytes.
    static let answer: @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void = { context, _, _ in
        let handle = sqlite_nio_sqlite3_context_db_handle(context)
        var total: Int64 = 0
        for counter in [SQLITE_DBSTATUS_CACHE_USED, SQLITE_DBSTATUS_STMT_USED, SQLITE_DBSTATUS_SCHEMA_USED] {
            var current: Int32 = 0, highest: Int32 = 0
            if sqlite_nio_sqlite3_db_status(handle, counter, &current, &highest, 0) == SQLITE_OK { total += Int64(current) }
        }
        sqlite_nio_sqlite3_result_int64(context, total)
    }

    /// Bytes the connection `database` runs on holds: page cache, statements and schema.
    public static func used(on database: any SQLDatabase) async throws -> Int {
        try await SQLRows.first("SELECT \(unsafeRaw: functionName)() AS bytes", on: database)?.decode(column: "bytes", as: Int.self) ?? 0
    }
}
