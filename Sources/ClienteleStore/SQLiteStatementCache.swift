import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SQLiteNIO
import VaporCSQLite

/// Prepared statements kept for reuse, per SQLite connection and SQL text. SQLiteNIO prepares every statement anew
/// and finalizes it after one run; for the statements every request runs that is most of their cost — preparing a
/// read of a customer with its default address takes 70 µs, running it 15 µs, and preparing a customer's `INSERT`
/// (which compiles the search-index triggers) 170 µs of its 260. A statement here is prepared once per connection
/// and then only reset and bound again.
///
/// A statement is taken out of the cache while it runs and put back after, reset (so that it holds no read snapshot),
/// so two users of one connection never share one. Its bindings are not cleared: every run binds all of its
/// parameters anew, and `sqlite3_clear_bindings` marks a statement whose plan depends on a parameter's value (a
/// partial index) for a new preparation — every run would prepare it again. Statements are prepared with
/// `sqlite3_prepare_v3`, which prepares them again by itself after a schema change. `finalizeAll()` finalizes every
/// statement before the application closes its connections, at its shutdown.
public final class SQLiteStatementCache: Sendable {
    /// Statements kept per connection; past it, a statement is finalized after its run instead of kept.
    public static let perConnection = 200

    /// One prepared statement, and the names of its result columns once read (used by one caller at a time).
    private final class Statement: @unchecked Sendable {
        let pointer: OpaquePointer
        var columns: SQLiteFastRow.Columns?
        init(pointer: OpaquePointer) { self.pointer = pointer }
    }

    private struct ConnectionKey: Hashable, @unchecked Sendable {
        let handle: OpaquePointer
    }

    private let statements = NIOLockedValueBox<[ConnectionKey: [String: Statement]]>([:])

    public init() {}

    /// Runs `sql` with `binds` on `connection` (on the thread pool) and answers its rows. A connection not asked for its
    /// handle yet is asked first (`SQLiteConnectionHandles`).
    public func query(_ sql: String, _ binds: [SQLiteData], on connection: SQLiteConnection) -> EventLoopFuture<[SQLiteFastRow]> {
        guard !connection.isClosed else {
            return connection.eventLoop.makeFailedFuture(SQLiteStatementError(code: SQLITE_MISUSE, message: "The connection is closed"))
        }
        // A known connection goes straight to the thread pool: a future in between would send the call through the
        // connection's event loop first, a thread switch per statement.
        if let handle = SQLiteConnectionHandles.handle(of: connection) {
            return NIOThreadPool.singleton.runIfActive(eventLoop: connection.eventLoop) {
                try self.run(sql, binds, ConnectionKey(handle: handle))
            }
        }
        return SQLiteConnectionHandles.resolve(connection).flatMap { handle in
            NIOThreadPool.singleton.runIfActive(eventLoop: connection.eventLoop) {
                try self.run(sql, binds, ConnectionKey(handle: handle))
            }
        }
    }

    /// Runs `sql` with `binds` on the connection whose handle this is, on the calling thread, and answers its rows: for
    /// statements that never wait for another connection and take less than the trip to the thread pool and back — two
    /// thread switches (see `SQLRows.onCallingThread` and `byKey`).
    public func queryNow(_ sql: String, _ binds: [SQLiteData], handle: OpaquePointer) throws -> [SQLiteFastRow] {
        try run(sql, binds, ConnectionKey(handle: handle))
    }

    /// Finalizes every kept statement (at shutdown, before the connections close).
    public func finalizeAll() {
        let all = statements.withLockedValue { all in
            defer { all.removeAll() }
            return all
        }
        for (_, kept) in all {
            for (_, statement) in kept { sqlite_nio_sqlite3_finalize(statement.pointer) }
        }
    }

    private func run(_ sql: String, _ binds: [SQLiteData], _ key: ConnectionKey) throws -> [SQLiteFastRow] {
        let statement = try take(sql, key)
        var keep = true
        defer {
            sqlite_nio_sqlite3_reset(statement.pointer)
            if keep { give(back: statement, sql, key) } else { sqlite_nio_sqlite3_finalize(statement.pointer) }
        }
        do {
            try bind(binds, to: statement.pointer, key.handle)
            return try rows(of: statement, key.handle)
        } catch {
            keep = false
            throw error
        }
    }

    private func take(_ sql: String, _ key: ConnectionKey) throws -> Statement {
        if let kept = statements.withLockedValue({ $0[key]?.removeValue(forKey: sql) }) { return kept }
        var pointer: OpaquePointer?
        let code = sqlite_nio_sqlite3_prepare_v3(key.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &pointer, nil)
        guard code == SQLITE_OK, let pointer else {
            if let pointer { sqlite_nio_sqlite3_finalize(pointer) }
            throw SQLiteStatementError(code: code, handle: key.handle)
        }
        return Statement(pointer: pointer)
    }

    private func give(back statement: Statement, _ sql: String, _ key: ConnectionKey) {
        let surplus: Statement? = statements.withLockedValue { all in
            // Changed in place: a copy of the connection's statements on every run would cost more than the lookup.
            guard (all[key]?.count ?? 0) < Self.perConnection, all[key]?[sql] == nil else { return statement }
            all[key, default: [:]][sql] = statement
            return nil
        }
        if let surplus { sqlite_nio_sqlite3_finalize(surplus.pointer) }
    }

    private func bind(_ binds: [SQLiteData], to statement: OpaquePointer, _ handle: OpaquePointer) throws {
        for (offset, value) in binds.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case let .integer(integer): code = sqlite_nio_sqlite3_bind_int64(statement, index, Int64(integer))
            case let .float(double): code = sqlite_nio_sqlite3_bind_double(statement, index, double)
            case let .text(text):
                code = sqlite_nio_sqlite3_bind_text64(statement, index, text, UInt64(text.utf8.count), Self.transient, UInt8(SQLITE_UTF8))
            case let .blob(buffer):
                code = buffer.withUnsafeReadableBytes {
                    sqlite_nio_sqlite3_bind_blob64(statement, index, $0.baseAddress, UInt64($0.count), Self.transient)
                }
            case .null: code = sqlite_nio_sqlite3_bind_null(statement, index)
            }
            guard code == SQLITE_OK else { throw SQLiteStatementError(code: code, handle: handle) }
        }
    }

    private func rows(of kept: Statement, _ handle: OpaquePointer) throws -> [SQLiteFastRow] {
        let statement = kept.pointer
        var rows: [SQLiteFastRow] = []
        while true {
            let code = sqlite_nio_sqlite3_step(statement)
            if code == SQLITE_DONE { return rows }
            guard code == SQLITE_ROW else { throw SQLiteStatementError(code: code, handle: handle) }
            let count = sqlite_nio_sqlite3_column_count(statement)
            let columns: SQLiteFastRow.Columns
            if let known = kept.columns, known.names.count == Int(count) {
                columns = known
            } else {
                columns = SQLiteFastRow.Columns((0..<count).map { String(cString: sqlite_nio_sqlite3_column_name(statement, $0)) })
                kept.columns = columns
            }
            var values: [SQLiteData] = []
            values.reserveCapacity(Int(count))
            for index in 0..<count { values.append(Self.value(statement, index)) }
            rows.append(SQLiteFastRow(columns: columns, values: values))
        }
    }

    private static func value(_ statement: OpaquePointer, _ index: Int32) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER: return .integer(Int(sqlite_nio_sqlite3_column_int64(statement, index)))
        case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(statement, index))
        case SQLITE_TEXT:
            guard let text = sqlite_nio_sqlite3_column_text(statement, index) else { return .text("") }
            let length = Int(sqlite_nio_sqlite3_column_bytes(statement, index))
            return .text(String(decoding: UnsafeRawBufferPointer(start: text, count: length), as: UTF8.self))
        case SQLITE_BLOB:
            let length = Int(sqlite_nio_sqlite3_column_bytes(statement, index))
            var buffer = ByteBufferAllocator().buffer(capacity: length)
            if let bytes = sqlite_nio_sqlite3_column_blob(statement, index) {
                buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: length))
            }
            return .blob(buffer)
        default: return .null
        }
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
