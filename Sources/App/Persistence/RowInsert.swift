import Fluent
import SQLKit

/// `INSERT`s with a fixed column list written by hand: hot paths and bulk loads use them instead of Fluent's
/// `create`, which reflects over the model and escapes every identifier on each call. Column names are constants
/// of this code base, never input.
struct RowInsert {
    let table: String
    private(set) var columns: [String] = []
    private(set) var values: [any Encodable & Sendable] = []

    init(into table: String) { self.table = table }

    mutating func set(_ column: String, _ value: any Encodable & Sendable) {
        columns.append(column)
        values.append(value)
    }

    func run(on database: any Database) async throws {
        try await Self.run([self], on: database)
    }

    /// One multi-row statement for rows of the same table and columns (the caller keeps it under the driver's
    /// limit of bound values: SQLite 32,766, PostgreSQL 65,535).
    static func run(_ rows: [RowInsert], on database: any Database) async throws {
        guard let sql = statement(rows) else { return }
        try await SQLRows.run(sql, on: database as! any SQLDatabase)
    }

    /// This row's `INSERT … RETURNING returning` (SQLite and PostgreSQL both take scalar subqueries there), and the
    /// row it answers: a question about the new row asked in the same statement, without another round trip.
    func run(returning: SQLQueryString, on database: any Database) async throws -> (any SQLRow)? {
        try await SQLRows.first(Self.statement([self])! + " RETURNING " + returning, on: database as! any SQLDatabase)
    }

    private static func statement(_ rows: [RowInsert]) -> SQLQueryString? {
        guard let first = rows.first else { return nil }
        var sql = SQLQueryString("INSERT INTO \(unsafeRaw: first.table) (\(unsafeRaw: first.columns.joined(separator: ", "))) VALUES ")
        for (index, row) in rows.enumerated() {
            sql = sql + (index == 0 ? "(" : ", (") + "\(binds: row.values))"
        }
        return sql
    }
}
