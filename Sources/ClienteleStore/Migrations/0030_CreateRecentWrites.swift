import FluentKit

/// Who wrote lately, on any instance (`ReadYourWrites`): while `until` has not passed, that user's lag-tolerant reads go
/// to the primary instead of the read replica, so a user always sees their own writes. Keyed by user, one row each,
/// refreshed by every write when a replica is configured. Not tenant data (a super admin belongs to no organization):
/// a small table local to the coordinator on a distributed PostgreSQL.
struct CreateRecentWrites: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("recent_writes")
            .field("user_id", .uuid, .identifier(auto: false))
            .field("until", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("recent_writes").delete()
    }
}
