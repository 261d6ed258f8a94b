import FluentKit
import SQLiteNIO
import SQLKit

/// `INSERT`s with a fixed column list written by hand: hot paths and bulk loads use them instead of Fluent's
/// `create`, which reflects over the model and escapes every identifier on each call. Column names are constants
/// of this code base, never input.
public struct RowInsert: Sendable {
    public let table: String
    public private(set) var columns: [String] = []
    private(set) var values: [any Encodable & Sendable] = []
    /// `values` as SQLite stores them, when converted ahead (`prepareForSQLite`), off the writer's path.
    public private(set) var sqliteValues: [SQLiteData]?

    public init(into table: String) { self.table = table }

    /// A row built typed for SQLite (only SQLite can write it).
    public init(into table: String, columns: [String], sqliteValues: [SQLiteData]) {
        precondition(columns.count == sqliteValues.count, "one value per column")
        self.table = table
        self.columns = columns
        self.sqliteValues = sqliteValues
    }

    public mutating func set(_ column: String, _ value: any Encodable & Sendable) {
        columns.append(column)
        values.append(value)
        sqliteValues = nil
    }

    /// Converts the values for SQLite now, so that the statement that writes this row only has to bind them: an import
    /// prepares its new customers' rows on its reading thread while the writing thread writes the batch before.
    public mutating func prepareForSQLite() throws {
        sqliteValues = try values.map(SQLRows.sqliteData)
    }

    public func run(on database: any Database) async throws {
        try await Self.run([self], on: database)
    }

    /// One multi-row statement for rows of the same table and columns (the caller keeps it under the driver's
    /// limit of bound values: SQLite 32,766, PostgreSQL 65,535). On SQLite the text and values go to SQLite as they
    /// are, without SQLKit's serializer, which spent longer on a 500-row insert than SQLite did.
    public static func run(_ rows: [RowInsert], on database: any Database) async throws {
        guard let first = rows.first else { return }
        let sql = try database.sql
        if let sqlite = SQLRows.sqlite(on: sql) {
            var binds: [SQLiteData] = []
            binds.reserveCapacity(rows.count * first.columns.count)
            for row in rows { binds += try row.sqliteValues ?? row.values.map(SQLRows.sqliteData) }
            try await sqlite(Self.sqliteText(table: first.table, columns: first.columns, rows: rows.count), binds)
            return
        }
        try await SQLRows.run(statement(rows), on: sql)
    }

    /// This row's `INSERT … RETURNING returning` (SQLite and PostgreSQL both take scalar subqueries there), and the
    /// row it answers: a question about the new row asked in the same statement, without another round trip.
    public func run(returning: SQLQueryString, on database: any Database) async throws -> (any SQLRow)? {
        try await SQLRows.first(Self.statement([self]) + " RETURNING " + returning, on: try database.sql)
    }

    private static func statement(_ rows: [RowInsert]) -> SQLQueryString {
        let first = rows[0]
        var sql = SQLQueryString("INSERT INTO \(unsafeRaw: first.table) (\(unsafeRaw: first.columns.joined(separator: ", "))) VALUES ")
        for (index, row) in rows.enumerated() {
            sql = sql + (index == 0 ? "(" : ", (") + "\(binds: row.values))"
        }
        return sql
    }

    /// `INSERT INTO table (columns) VALUES (?, …), …` for `rows` rows, with SQLite's anonymous parameters.
    public static func sqliteText(table: String, columns: [String], rows: Int) -> String {
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        return "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
            + Array(repeating: tuple, count: rows).joined(separator: ", ")
    }
}
