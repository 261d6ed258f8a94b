import FluentKit
import VaporCSQLite

/// A failure of a statement run through `SQLiteStatementCache`: SQLite's extended result code and its message,
/// classified for Fluent as SQLiteNIO's own errors are (a constraint failure is one whatever its kind).
public struct SQLiteStatementError: Error, CustomStringConvertible, DatabaseError {
    public let code: Int32
    public let message: String

    public init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    /// The connection's last error message, read on the thread that just failed.
    public init(code: Int32, handle: OpaquePointer) {
        self.code = code
        self.message = sqlite_nio_sqlite3_errmsg(handle).map { String(cString: $0) } ?? "SQLite error \(code)"
    }

    /// The primary result code (the low byte of the extended one).
    public var primaryCode: Int32 { code & 0xFF }

    public var description: String { "SQLite error \(code): \(message)" }

    public var isSyntaxError: Bool { primaryCode == SQLITE_ERROR && message.contains("syntax error") }
    public var isConstraintFailure: Bool { primaryCode == SQLITE_CONSTRAINT }
    public var isConnectionClosed: Bool { primaryCode == SQLITE_MISUSE }
}
