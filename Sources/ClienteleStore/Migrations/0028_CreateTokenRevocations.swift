import FluentKit
import SQLKit

/// One counter that every change ending or narrowing a token moves (`TokenRevocations`): each instance on the same
/// PostgreSQL database watches it and forgets the tokens it keeps when it moves, so a revoked token fails on every
/// instance within a fraction of a second. Not tenant data: one row for the whole database.
struct CreateTokenRevocations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("token_revocations")
            .field("id", .int, .identifier(auto: false))
            .field("version", .int64, .required)
            .create()
        try await (try database.sql).raw("INSERT INTO token_revocations (id, version) VALUES (1, 0)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("token_revocations").delete()
    }
}
