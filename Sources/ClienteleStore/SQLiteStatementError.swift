import FluentKit
import VaporCSQLite

/// A failure of a statement run through `SQLiteStatementCache`: SQLite's extended result code and its message,
/// classified for Fluent as SQLiteNIO's own errors are (a constraint failure is one whatever its kind).
struct SQLiteStatementError: Error, CustomStringConvertible, DatabaseError {
    let code: Int32
    let message: String

    init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    /// The connection's last error message, read on the thread that just failed.
    init(code: Int32, handle: OpaquePointer) {
        self.code = code
        self.message = sqlite_nio_sqlite3_errmsg(handle).map { String(cString: $0) } ?? "SQLite error \(code)"
    }

    /// The primary result code (the low byte of the extended one).
    var primaryCode: Int32 { code & 0xFF }

    var description: String { "SQLite error \(code): \(message)" }

    var isSyntaxError: Bool { primaryCode == SQLITE_ERROR && message.contains("syntax error") }
    var isConstraintFailure: Bool { primaryCode == SQLITE_CONSTRAINT }
    var isConnectionClosed: Bool { primaryCode == SQLITE_MISUSE }
}
