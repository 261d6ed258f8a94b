import Fluent
import SQLiteKit
import SQLiteNIO
import SQLKit

/// The rows of a query; on SQLite read as `SQLiteFastRow`s straight from SQLiteNIO (see there), elsewhere through SQLKit.
/// For the queries whose rows become records on every request: lists, a record by id, the caller's token.
enum SQLRows {
    private static let encoder = SQLiteDataEncoder()

    static func all(_ query: SQLQueryString, on database: any SQLDatabase) async throws -> [any SQLRow] {
        guard let sqlite = database as? any SQLiteDatabase else { return try await database.raw(query).all() }
        var serializer = SQLSerializer(database: database)
        query.serialize(to: &serializer)
        let binds = try serializer.binds.map { try encoder.encode($0) }
        return try await sqlite.query(serializer.sql, binds).map(SQLiteFastRow.init)
    }

    /// The first row (the query says `LIMIT 1` itself).
    static func first(_ query: SQLQueryString, on database: any SQLDatabase) async throws -> (any SQLRow)? {
        try await all(query, on: database).first
    }
}
