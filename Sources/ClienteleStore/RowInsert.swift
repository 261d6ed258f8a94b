import FluentKit
import FluentPostgresDriver
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
    /// `values` as PostgreSQL binds them, when built or converted ahead (`prepare(for:)`).
    public private(set) var postgresValues: [PostgresCell]?

    public init(into table: String) { self.table = table }

    /// A row built typed for PostgreSQL (only PostgreSQL can write it).
    public init(into table: String, columns: [String], postgresValues: [PostgresCell]) {
        precondition(columns.count == postgresValues.count, "one value per column")
        self.table = table
        self.columns = columns
        self.postgresValues = postgresValues
    }

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
        postgresValues = nil
    }

    /// Converts the values for `dialect` now, off the writer's path (see `prepareForSQLite`). On PostgreSQL a row
    /// holding a value of a type `PostgresCell` does not know keeps its values as they are, for SQLKit to bind.
    public mutating func prepare(for dialect: SQLDialectKind) throws {
        switch dialect {
        case .sqlite: try prepareForSQLite()
        case .postgres: postgresValues = postgresCells()
        }
    }

    private func postgresCells() -> [PostgresCell]? {
        if let postgresValues { return postgresValues }
        var cells: [PostgresCell] = []
        cells.reserveCapacity(values.count)
        for value in values {
            guard let cell = PostgresCell(value) else { return nil }
            cells.append(cell)
        }
        return cells
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
        if let postgres = database as? any PostgresDatabase, let query = postgresQuery(rows) {
            try await postgres.onConnection { connection in
                for try await _ in try await connection.query(query, logger: connection.logger) {}
            }
            return
        }
        try await SQLRows.run(statement(rows), on: sql)
    }

    /// The statement for `rows` with their values bound natively (`PostgresCell`), or nil when a value is of a type
    /// the cells do not cover.
    static func postgresQuery(_ rows: [RowInsert]) -> PostgresQuery? {
        let first = rows[0]
        var bindings = PostgresBindings(capacity: rows.count * first.columns.count)
        var text = RequestTrace.comment + "INSERT INTO \(first.table) (\(first.columns.joined(separator: ", "))) VALUES "
        text.reserveCapacity(text.utf8.count + rows.count * first.columns.count * 7)
        for (index, row) in rows.enumerated() {
            guard let cells = row.postgresCells(), cells.count == first.columns.count else { return nil }
            text += index == 0 ? "(" : ", ("
            for (position, cell) in cells.enumerated() {
                if position > 0 { text += ", " }
                text += "$\(bindings.count + 1)"
                cell.append(to: &bindings)
            }
            text += ")"
        }
        return PostgresQuery(unsafeSQL: text, binds: bindings)
    }

    /// This row's `INSERT … RETURNING returning` (SQLite and PostgreSQL both take scalar subqueries there), and the
    /// row it answers: a question about the new row asked in the same statement, without another round trip.
    public func run(returning: SQLQueryString, on database: any Database) async throws -> (any SQLRow)? {
        try await SQLRows.first(Self.statement([self]) + " RETURNING " + returning, on: try database.sql)
    }

    /// The statement for `rows` through SQLKit, when they bind at most `limit` values, each row its values as set.
    static func statement(_ rows: [RowInsert], bindingAtMost limit: Int) -> SQLQueryString? {
        guard let first = rows.first, rows.count * first.columns.count <= limit,
              rows.allSatisfy({ $0.values.count == $0.columns.count }) else { return nil }
        return statement(rows)
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
