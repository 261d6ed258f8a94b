import SQLKit

/// Which of an organization's counter rows a statement adds to (migration 0032, `ShardOrganizationCounters`): on
/// PostgreSQL the writing backend's own (`pg_backend_pid() % count`), so that transactions on different connections
/// do not wait on one row's lock until each other's commits; on SQLite the one row there is. A counter's statement
/// writes `organization_id\(column)` in its column list and conflict target and `\(value)` after the organization's
/// value; its readers sum the rows.
public enum CounterShard {
    /// Rows per organization (and per sign-up bucket) at most, on PostgreSQL.
    public static let count = 16

    /// `, shard` on PostgreSQL; nothing on SQLite.
    public static func column(for dialect: SQLDialectKind) -> SQLQueryString {
        dialect == .postgres ? ", shard" : ""
    }

    /// `, pg_backend_pid() % 16` on PostgreSQL; nothing on SQLite.
    public static func value(for dialect: SQLDialectKind) -> SQLQueryString {
        dialect == .postgres ? SQLQueryString(", pg_backend_pid() % " + String(count)) : ""
    }
}
