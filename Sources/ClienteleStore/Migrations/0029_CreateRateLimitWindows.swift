import FluentKit
import SQLKit

/// Throttles every instance shares (PostgreSQL; one SQLite process keeps its own in memory): hits per key and
/// fixed window, the previous window weighted in (`SharedRateLimiter`). Keyed by a client address, not tenant data.
struct CreateRateLimitWindows: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("rate_limit_windows")
            .field("key", .string, .required)
            .field("window_start", .int64, .required)
            .field("hits", .int, .required)
            .compositeIdentifier(over: "key", "window_start")
            .create()
        try await (try database.sql).raw("CREATE INDEX rate_limit_windows_start_idx ON rate_limit_windows (window_start)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("rate_limit_windows").delete()
    }
}
