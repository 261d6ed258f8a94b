import Foundation
import Vapor

/// Bearer tokens this process resolved a moment ago, so that a client sending many requests with one token pays for
/// the token's query once every few seconds instead of on every request (the query was half the cost of a read by
/// id). What it keeps is a copy of the user's columns: each hit builds a new `User`, so no request shares a model.
///
/// Every change that can end or narrow a token — sign-out, a user changed, disabled or deleted, a password changed —
/// calls `TokenRevocations.announce` once its transaction has committed: this process forgets at once, and other
/// processes on the same PostgreSQL database (scale-out) within `AppConfig.tokenRevocationInterval`, or `lifetime` at worst
/// (should the database be unreadable meanwhile). An entry also ends at its token's own expiry, whichever comes first
/// (`RecentReads`, whose generation number keeps a lookup that read the database before a change from storing what it
/// read after the change was forgotten).
final class TokenCache: Sendable {
    struct Entry: Sendable {
        let tokenID: UUID
        let user: UserColumns
        let tokenExpiresAt: Date
        let cachedAt: Date
    }

    /// The columns of a user as read with its token.
    struct UserColumns: Sendable {
        let id: UUID
        let organizationID: UUID?
        let email: String
        let name: String
        let role: Role
        let passwordHash: String
        let disabled: Bool
        let lastLoginAt: Date?
        let clientID: UUID?
        let createdAt: Date?
        let updatedAt: Date?

        init(_ user: User) throws {
            id = try user.requireID()
            organizationID = user.$organization.id
            email = user.email
            name = user.name
            role = user.role
            passwordHash = user.passwordHash
            disabled = user.disabled
            lastLoginAt = user.lastLoginAt
            clientID = user.clientID
            createdAt = user.createdAt
            updatedAt = user.updatedAt
        }

        func makeUser() -> User {
            let user = User(organizationID: organizationID, email: email, name: name, role: role, passwordHash: passwordHash)
            user.id = id
            user.disabled = disabled
            user.lastLoginAt = lastLoginAt
            user.clientID = clientID
            user.createdAt = createdAt
            user.updatedAt = updatedAt
            user.$id.exists = true
            return user
        }
    }

    /// Kept for `lifetime`: how long another process's revocation may take to reach this one.
    private let reads: RecentReads<String, Entry>

    init(lifetime: TimeInterval = 5, capacity: Int = 10_000) {
        reads = RecentReads(lifetime: lifetime, capacity: capacity)
    }

    /// The live entry for a token hash, or nil (unknown, or older than `lifetime`, or past the token's expiry).
    func entry(for hash: String, now: Date = Date()) -> Entry? { reads.value(for: hash, now: now) }

    /// The generation to hand back to `store` after reading a token from the database.
    var generation: Int { reads.generation }

    /// Keeps what a lookup read, unless something was forgotten since it began (`generation` moved).
    func store(_ entry: Entry, for hash: String, readAt generation: Int) {
        reads.store(entry, for: hash, generation: generation, readAt: entry.cachedAt, expiry: entry.tokenExpiresAt)
    }

    /// Forgets every token: called after any committed change to tokens or users.
    func forgetAll() { reads.forgetAll() }
}

extension Application {
    private struct TokenCacheKey: StorageKey { typealias Value = TokenCache }

    /// This application's token cache (one per application, so test applications never share one), set by
    /// `configure` before the server starts.
    var tokenCache: TokenCache {
        get { storage[TokenCacheKey.self]! }
        set { storage[TokenCacheKey.self] = newValue }
    }
}

extension Request {
    var tokenCache: TokenCache { application.tokenCache }
}
