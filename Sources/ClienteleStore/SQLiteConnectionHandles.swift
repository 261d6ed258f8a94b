import Foundation
import NIOConcurrencyHelpers
import NIOCore
import SQLiteNIO
import VaporCSQLite

/// The `sqlite3*` of a SQLiteNIO connection, through public API only. SQLiteNIO keeps its handle internal; instead of
/// reading it by reflection (which a renamed property in a new release would silently break), every SQLite connection
/// this process opens gets, through SQLite's own `sqlite3_auto_extension` in the very library SQLiteNIO links, a SQL
/// function that answers the handle of the connection it runs on. A connection is asked once, and remembered with a
/// weak reference to it, so that a new connection at a freed one's address is never taken for it.
///
/// `install()` runs before the first connection opens; `selfCheck` at boot fails loudly if the handle cannot be
/// had, rather than letting every cached statement fail later.
public enum SQLiteConnectionHandles {
    public static let functionName = "clientele_connection_handle"

    private static let installed = NIOLockedValueBox(false)

    /// Registers the function, and `SQLiteMemory`'s, for every connection opened from now on (once per process).
    public static func install() {
        installed.withLockedValue { done in
            guard !done else { return }
            done = true
            let entry: @convention(c) (OpaquePointer?, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, OpaquePointer?) -> Int32 = { db, _, _ in
                registerConnectionFunctions(on: db)
            }
            sqlite_nio_sqlite3_auto_extension(unsafeBitCast(entry, to: (@convention(c) () -> Void).self))
        }
    }

    private struct Known: @unchecked Sendable {
        weak var connection: SQLiteConnection?
        let handle: OpaquePointer
    }

    private static let known = NIOLockedValueBox<[ObjectIdentifier: Known]>([:])

    /// The handle when this connection was asked before; nil when it is new (see `resolve`) or closed.
    public static func handle(of connection: SQLiteConnection) -> OpaquePointer? {
        guard !connection.isClosed else { return nil }
        let id = ObjectIdentifier(connection)
        return known.withLockedValue { known in known[id].flatMap { $0.connection === connection ? $0.handle : nil } }
    }

    /// The handle of `connection`, asking it once (on its event loop).
    public static func resolve(_ connection: SQLiteConnection) -> EventLoopFuture<OpaquePointer> {
        if let handle = handle(of: connection) { return connection.eventLoop.makeSucceededFuture(handle) }
        return connection.query("SELECT \(functionName)() AS handle").flatMapThrowing { rows in
            guard let value = rows.first?.column("handle")?.integer, let handle = OpaquePointer(bitPattern: value) else {
                throw SQLiteStatementError(code: SQLITE_MISUSE, message: "The connection did not tell its handle")
            }
            let id = ObjectIdentifier(connection)
            known.withLockedValue { known in
                known = known.filter { $0.value.connection != nil }
                known[id] = Known(connection: connection, handle: handle)
            }
            return handle
        }
    }

    /// At boot: the handle a connection tells is the one its statements run on — a table made through SQLiteNIO is
    /// seen by a statement prepared on the handle. Fails, naming the cause, when it is not.
    public static func selfCheck(_ connection: SQLiteConnection) -> EventLoopFuture<Void> {
        resolve(connection).flatMap { handle in
            connection.query("CREATE TEMP TABLE IF NOT EXISTS clientele_handle_check (x INTEGER)").flatMapThrowing { _ in
                var statement: OpaquePointer?
                let prepared = sqlite_nio_sqlite3_prepare_v2(handle, "SELECT count(*) FROM temp.clientele_handle_check", -1, &statement, nil)
                sqlite_nio_sqlite3_finalize(statement)
                guard prepared == SQLITE_OK else {
                    throw SQLiteStatementError(code: prepared, message: "The SQLite handle a connection told is not its own; the statement cache cannot work")
                }
            }
        }.flatMap { connection.query("DROP TABLE IF EXISTS temp.clientele_handle_check").map { _ in } }
    }
}

/// Creates `SQLiteConnectionHandles`' and `SQLiteMemory`'s functions on a connection being opened (SQLite calls this
/// through the auto-extension). A free function: a `@convention(c)` closure may call it without capturing a context.
private func registerConnectionFunctions(on db: OpaquePointer?) -> Int32 {
    let answer: @convention(c) (OpaquePointer?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Void = { context, _, _ in
        let handle = sqlite_nio_sqlite3_context_db_handle(context)
        sqlite_nio_sqlite3_result_int64(context, Int64(Int(bitPattern: handle)))
    }
    let handle = sqlite_nio_sqlite3_create_function_v2(db, SQLiteConnectionHandles.functionName, 0, SQLITE_UTF8 | SQLITE_DIRECTONLY,
                                                       nil, answer, nil, nil, nil)
    guard handle == SQLITE_OK else { return handle }
    return sqlite_nio_sqlite3_create_function_v2(db, SQLiteMemory.functionName, 0, SQLITE_UTF8 | SQLITE_DIRECTONLY,
                                                 nil, SQLiteMemory.answer, nil, nil, nil)
}
