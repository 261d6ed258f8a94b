import FluentKit
import SQLKit

/// Which of the two supported databases a migration or query runs on.
public enum SQLDialectKind: Sendable {
    case sqlite, postgres

    @inlinable
    public init(_ database: any Database) {
        let name = (database as? any SQLDatabase)?.dialect.name ?? "sqlite"
        self = name == "postgresql" ? .postgres : .sqlite
    }

    public init(_ sql: any SQLDatabase) {
        self = sql.dialect.name == "postgresql" ? .postgres : .sqlite
    }

    /// The organization's column as a term no index serves on SQLite (`+organization_id`), for a query whose rows are
    /// found by key (`id IN (…)`): without statistics SQLite reads such a query through the organization's index —
    /// every customer of the organization, a hundred thousand rows for a handful — instead of the key's.
    public func byKey(_ column: String = "organization_id") -> SQLQueryString {
        SQLQueryString(self == .sqlite ? "+" + column : column)
    }
}
