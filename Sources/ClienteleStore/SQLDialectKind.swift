import Fluent
import SQLKit

/// Which of the two supported databases a migration or query runs on.
enum SQLDialectKind {
    case sqlite, postgres

    init(_ database: any Database) {
        let name = (database as? any SQLDatabase)?.dialect.name ?? "sqlite"
        self = name == "postgresql" ? .postgres : .sqlite
    }
}
