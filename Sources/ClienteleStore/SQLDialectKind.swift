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
}
