import Fluent
import SQLiteKit
import SQLiteNIO
import SQLKit

/// Statements of the hot paths. On SQLite they run through the connection's prepared-statement cache
/// (`SQLiteStatementCache`) and answer `SQLiteFastRow`s; elsewhere through SQLKit.
/// For the queries whose rows become records on every request (lists, a record by id, the caller's token) and the
/// writes every create makes.
enum SQLRows {
    private static let encoder = SQLiteDataEncoder()

    static func all(_ query: SQLQueryString, on database: any SQLDatabase) async throws -> [any SQLRow] {
        guard let sqlite = database as? any SQLiteDatabase, let cache = SQLiteStatementCacheMarker.cache(of: database) else {
            return try await database.raw(query).all()
        }
        var serializer = SQLSerializer(database: database)
        query.serialize(to: &serializer)
        let sql = serializer.sql
        let binds = try serializer.binds.map { try encoder.encode($0) }
        return try await sqlite.withConnection { connection in cache.query(sql, binds, on: connection) }.get()
    }

    /// The first row (the query says `LIMIT 1` itself).
    static func first(_ query: SQLQueryString, on database: any SQLDatabase) async throws -> (any SQLRow)? {
        try await all(query, on: database).first
    }

    /// A statement whose rows, if any, are not needed.
    static func run(_ query: SQLQueryString, on database: any SQLDatabase) async throws {
        _ = try await all(query, on: database)
    }
}
