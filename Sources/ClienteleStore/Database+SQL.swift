import FluentKit
import SQLKit

extension Database {
    /// This database as SQL. Both drivers Clientele runs on (SQLite and PostgreSQL) are; any other is a configuration
    /// error, answered like any unexpected error (a 500 with its cause logged), never a crash of the process.
    @inlinable
    public var sql: any SQLDatabase {
        get throws {
            guard let sql = self as? any SQLDatabase else { throw NotAnSQLDatabase() }
            return sql
        }
    }
}

public struct NotAnSQLDatabase: Error, CustomStringConvertible {
    public init() {}
    public var description: String { "The database driver does not speak SQL; Clientele runs on SQLite and PostgreSQL" }
}
