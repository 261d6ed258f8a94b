import ClienteleCore
import Foundation
import FluentKit
import FluentPostgresDriver
import NIOConcurrencyHelpers
import SQLiteKit
import SQLiteNIO
import SQLKit

/// Statements of the hot paths. On SQLite they run through the connection's prepared-statement cache
/// (`SQLiteStatementCache`) and answer `SQLiteFastRow`s — on the calling thread inside a transaction that holds the
/// write lock (`onCallingThread`), else on the thread pool; elsewhere through SQLKit.
/// For the queries whose rows become records on every request (lists, a record by id, the caller's token) and the
/// writes every create makes.
public enum SQLRows {
    public static let encoder = SQLiteDataEncoder()

    /// True inside a SQLite transaction that holds the write lock already: a group commit of `SQLiteWriteGate` after
    /// its `BEGIN IMMEDIATE`, an import batch after its first write (the application's `ImportBatchTransaction`, on
    /// the import's own thread). No statement of it can wait for another connection any more (in WAL mode readers
    /// never block the writer, and a commit takes no other lock), so its statements run on the calling thread instead
    /// of being sent to the thread pool and back: a group of creates was ten such round trips, and their thread
    /// switches, not SQLite, were most of its time.
    @TaskLocal public static var onCallingThread = false

    /// `byKey`: a read that goes straight to its few rows through an index — by a unique key, or by a search term
    /// selective enough (the application's `SearchTerm.isSelectivePhoneFragment`) — which on SQLite runs on the
    /// calling thread like the statements of a write transaction. It takes microseconds to a millisecond (SQLite
    /// readers in WAL mode wait for no lock), no more than the trip to the thread pool and back; anything that may read
    /// many rows stays on the thread pool, so it never holds up the event loop's other requests.
    public static func all(_ query: SQLQueryString, on database: any SQLDatabase, byKey: Bool = false) async throws -> [any SQLRow] {
        guard let sqlite = database as? any SQLiteDatabase, let cache = SQLiteStatementCacheMarker.cache(of: database) else {
            let comment = RequestTrace.comment
            let traced = comment.isEmpty ? query : "\(unsafeRaw: comment)" + query
            if let rows = try await postgresRows(traced, on: database) { return rows }
            return try await database.raw(traced).all()
        }
        var serializer = SQLSerializer(database: database)
        query.serialize(to: &serializer)
        return try await run(serializer.sql, try serializer.binds.map(sqliteData), on: sqlite, cache: cache, byKey: byKey)
    }

    /// SQL text and its values as SQLite takes them, on SQLite (nil elsewhere, where the caller takes SQLKit's way):
    /// for bulk inserts, whose rows convert their values ahead (`RowInsert.prepareForSQLite`).
    public static func sqlite(on database: any SQLDatabase) -> ((String, [SQLiteData]) async throws -> Void)? {
        guard let sqlite = database as? any SQLiteDatabase, let cache = SQLiteStatementCacheMarker.cache(of: database) else {
            return nil
        }
        return { sql, binds in _ = try await run(sql, binds, on: sqlite, cache: cache, byKey: false) }
    }

    private static func run(_ sql: String, _ binds: [SQLiteData], on sqlite: any SQLiteDatabase, cache: SQLiteStatementCache,
                            byKey: Bool) async throws -> [SQLiteFastRow] {
        if byKey || onCallingThread {
            // A transaction's database is its connection, which runs the closure at once: its rows are then taken
            // straight from the box, since awaiting the future would send this task to the connection's event loop and
            // back. A pool leases a connection later; its rows come through the future.
            let box = NIOLockedValueBox<Result<[SQLiteFastRow], any Error>?>(nil)
            let future = sqlite.withConnection { connection in
                // A connection used for the first time tells its handle first, through a query of its own.
                guard let handle = SQLiteConnectionHandles.handle(of: connection) else { return cache.query(sql, binds, on: connection) }
                let result = Result { try cache.queryNow(sql, binds, handle: handle) }
                box.withLockedValue { $0 = result }
                return connection.eventLoop.makeCompletedFuture(result)
            }
            if let result = box.withLockedValue({ $0 }) { return try result.get() }
            return try await future.get()
        }
        return try await sqlite.withConnection { connection in cache.query(sql, binds, on: connection) }.get()
    }

    /// The value as SQLiteKit's encoder writes it: an optional is unwrapped here (the encoder does that with a nested
    /// `Encoder` per value), and a type SQLite stores directly converts itself; anything else takes the encoder.
    public static func sqliteData(_ value: any Encodable & Sendable) throws -> SQLiteData {
        // The types rows are made of, by concrete cast (much cheaper than a cast to a protocol), each converted by its
        // own `SQLiteDataConvertible` conformance, so the stored form is the encoder's.
        switch value {
        case let text as String: return .text(text)
        case let text as String?: return text.map { .text($0) } ?? .null
        case let number as Int: return .integer(number)
        case let number as Int?: return number.map { .integer($0) } ?? .null
        case let flag as Bool: return .integer(flag ? 1 : 0)
        case let flag as Bool?: return flag.map { .integer($0 ? 1 : 0) } ?? .null
        case let id as UUID: return .text(id.hexString)
        case let id as UUID?: return id.map { .text($0.hexString) } ?? .null
        case let date as Date?:
            guard let date else { return .null }
            if let data = date.sqliteData { return data }
        case let number as Int64?:
            guard let number else { return .null }
            if let data = number.sqliteData { return data }
        default: break
        }
        var unwrapped: any Encodable = value
        if let optional = value as? any OptionalBind {
            guard let wrapped = optional.wrappedBind else { return .null }
            unwrapped = wrapped
        }
        if let convertible = unwrapped as? any SQLiteDataConvertible, let data = convertible.sqliteData { return data }
        return try encoder.encode(value)
    }

    /// The first row (the query says `LIMIT 1` itself).
    public static func first(_ query: SQLQueryString, on database: any SQLDatabase, byKey: Bool = false) async throws -> (any SQLRow)? {
        try await all(query, on: database, byKey: byKey).first
    }

    /// PostgreSQL: the rows as `PostgresFastRow`s, the statement sent as PostgresKit sends it (one unnamed statement,
    /// its values bound as PostgresNIO encodes them). Nil, having sent nothing, on another database or when a value has
    /// no native encoding (PostgresKit's `Codable` translation then binds it).
    private static func postgresRows(_ query: SQLQueryString, on database: any SQLDatabase) async throws -> [any SQLRow]? {
        guard let postgres = database as? any PostgresDatabase else { return nil }
        var serializer = SQLSerializer(database: database)
        query.serialize(to: &serializer)
        var bindings = PostgresBindings(capacity: serializer.binds.count)
        for bind in serializer.binds {
            var value: any Encodable = bind
            if let optional = bind as? any OptionalBind {
                guard let wrapped = optional.wrappedBind else {
                    bindings.appendNull()
                    continue
                }
                value = wrapped
            }
            guard let native = value as? any PostgresThrowingDynamicTypeEncodable else { return nil }
            try bindings.append(native)
        }
        let statement = PostgresQuery(unsafeSQL: serializer.sql, binds: bindings)
        // As PostgresKit runs it: the rows collected on the connection's event loop, no task of their own.
        return try await postgres.withConnection { connection in
            connection.query(statement, logger: connection.logger).map { result in result.rows.map { PostgresFastRow($0) } }
        }.get()
    }

    /// A statement whose rows, if any, are not needed.
    public static func run(_ query: SQLQueryString, on database: any SQLDatabase) async throws {
        _ = try await all(query, on: database)
    }
}

/// An optional bind value, seen through to the value it holds.
private protocol OptionalBind {
    var wrappedBind: (any Encodable)? { get }
}

extension Optional: OptionalBind where Wrapped: Encodable {
    var wrappedBind: (any Encodable)? { self.map { $0 } }
}
