import Foundation
import VaporCSQLite

/// SQLite's online backup API (`sqlite3_backup_*`) on connections of its own: a consistent copy of a database file
/// while the server keeps reading and writing it (WAL mode: the copy's read transaction blocks no writer), and the
/// reverse, a backup copied into an empty database. Pages are copied in steps, with progress; when writers change the
/// source between steps so often that the copy starts over three times, the rest is copied in one step, which holds
/// one read transaction for the whole copy.
public enum SQLiteOnlineBackup {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Pages copied per step (4 KiB each: 16 MiB).
    static let stepPages: Int32 = 4096

    /// Copies the database at `source` into `destination`, which must not exist yet. `progress` gets (pages copied,
    /// pages in all).
    public static func backup(from source: String, to destination: String,
                              progress: (Int, Int) -> Void = { _, _ in }) throws {
        guard FileManager.default.fileExists(atPath: source) else { throw Failure(description: "\(source) does not exist") }
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw Failure(description: "\(destination) exists already; a backup never overwrites a file")
        }
        let from = try open(source, flags: SQLITE_OPEN_READONLY)
        defer { sqlite_nio_sqlite3_close_v2(from) }
        let to = try open(destination, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        defer { sqlite_nio_sqlite3_close_v2(to) }
        do {
            try copy(from: from, to: to, progress: progress)
            try check(to, destination)
        } catch {
            try? FileManager.default.removeItem(atPath: destination)
            throw error
        }
    }

    /// Copies the backup at `source` into the database at `destination`, which must hold no table (a new file, or
    /// one a server created and never migrated). The backup is checked first.
    public static func restore(from source: String, to destination: String,
                               progress: (Int, Int) -> Void = { _, _ in }) throws {
        guard FileManager.default.fileExists(atPath: source) else { throw Failure(description: "\(source) does not exist") }
        let from = try open(source, flags: SQLITE_OPEN_READONLY)
        defer { sqlite_nio_sqlite3_close_v2(from) }
        try check(from, source)
        let to = try open(destination, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        defer { sqlite_nio_sqlite3_close_v2(to) }
        let tables = try integer(to, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'")
        guard tables == 0 else {
            throw Failure(description: "\(destination) holds \(tables) tables; restore only into an empty database")
        }
        try copy(from: from, to: to, progress: progress)
    }

    private static func open(_ path: String, flags: Int32) throws -> OpaquePointer {
        var handle: OpaquePointer?
        let status = sqlite_nio_sqlite3_open_v2(path, &handle, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite_nio_sqlite3_close_v2(handle)
            throw Failure(description: "\(path): \(message)")
        }
        sqlite_nio_sqlite3_busy_timeout(handle, 5_000)
        return handle
    }

    private static func copy(from: OpaquePointer, to: OpaquePointer, progress: (Int, Int) -> Void) throws {
        guard let backup = sqlite_nio_sqlite3_backup_init(to, "main", from, "main") else {
            throw Failure(description: String(cString: sqlite_nio_sqlite3_errmsg(to)))
        }
        var restarts = 0
        var lastRemaining = Int32.max
        var status: Int32 = SQLITE_OK
        while true {
            status = sqlite_nio_sqlite3_backup_step(backup, restarts >= 3 ? -1 : stepPages)
            let total = sqlite_nio_sqlite3_backup_pagecount(backup)
            let remaining = sqlite_nio_sqlite3_backup_remaining(backup)
            progress(Int(total - remaining), Int(total))
            if status == SQLITE_DONE { break }
            if status == SQLITE_BUSY || status == SQLITE_LOCKED {
                sqlite_nio_sqlite3_sleep(50)
                continue
            }
            guard status == SQLITE_OK else { break }
            // A writer changed the source: the copy started over.
            if remaining > lastRemaining { restarts += 1 }
            lastRemaining = remaining
        }
        let finished = sqlite_nio_sqlite3_backup_finish(backup)
        guard status == SQLITE_DONE, finished == SQLITE_OK else {
            throw Failure(description: "the copy stopped: \(String(cString: sqlite_nio_sqlite3_errstr(status == SQLITE_DONE ? finished : status)))")
        }
    }

    /// `PRAGMA quick_check` answers "ok".
    private static func check(_ handle: OpaquePointer, _ path: String) throws {
        var statement: OpaquePointer?
        guard sqlite_nio_sqlite3_prepare_v2(handle, "PRAGMA quick_check", -1, &statement, nil) == SQLITE_OK else {
            throw Failure(description: "\(path): \(String(cString: sqlite_nio_sqlite3_errmsg(handle)))")
        }
        defer { sqlite_nio_sqlite3_finalize(statement) }
        guard sqlite_nio_sqlite3_step(statement) == SQLITE_ROW, let text = sqlite_nio_sqlite3_column_text(statement, 0),
              String(cString: text) == "ok" else {
            throw Failure(description: "\(path) is not a sound SQLite database (PRAGMA quick_check)")
        }
    }

    private static func integer(_ handle: OpaquePointer, _ sql: String) throws -> Int {
        var statement: OpaquePointer?
        guard sqlite_nio_sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else {
            throw Failure(description: String(cString: sqlite_nio_sqlite3_errmsg(handle)))
        }
        defer { sqlite_nio_sqlite3_finalize(statement) }
        guard sqlite_nio_sqlite3_step(statement) == SQLITE_ROW else { return 0 }
        return Int(sqlite_nio_sqlite3_column_int64(statement, 0))
    }
}
