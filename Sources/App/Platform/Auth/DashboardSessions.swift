import Fluent
import SQLKit
import Vapor

/// Starts, resolves and ends dashboard sessions. The cookie holds 32 random bytes; the table holds their
/// SHA-256 (as API tokens do) and a per-session CSRF token.
struct DashboardSessions {
    static let cookieName = "clientele_session"
    let database: any Database
    let lifetime: TimeInterval
    var idleTimeout: TimeInterval = 12 * 3600
    /// `last_seen_at` is written at most this often, not on every page.
    static let lastSeenResolution: TimeInterval = 60

    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }).base64URLEncodedString()
    }

    func start(for user: User) async throws -> (cookie: String, session: DashboardSession) {
        let cookie = Self.randomToken()
        let session = DashboardSession(userID: try user.requireID(), organizationID: user.$organization.id,
                                       tokenHash: TokenService.hash(cookie), csrfToken: Self.randomToken(),
                                       passwordStamp: TokenService.hash(user.passwordHash), expiresAt: Date().addingTimeInterval(lifetime))
        try await WriteTransaction.run(on: database) { try await session.create(on: $0) }
        return (cookie, session)
    }

    /// The live session and its user; nil when unknown, expired, idle too long, the user is disabled or gone, or its
    /// password changed.
    func resolve(_ cookie: String) async throws -> (session: DashboardSession, user: User)? {
        guard cookie.count < 200 else { return nil }
        guard let row = try await SQLRows.first("""
            SELECT users.*, dashboard_sessions.id AS session_id FROM dashboard_sessions
            JOIN users ON users.id = dashboard_sessions.user_id
            WHERE dashboard_sessions.token_hash = \(bind: TokenService.hash(cookie))
            AND dashboard_sessions.expires_at > \(bind: Date())
            AND COALESCE(dashboard_sessions.last_seen_at, dashboard_sessions.created_at) > \(bind: Date().addingTimeInterval(-idleTimeout))
            """, on: try database.sql)
        else { return nil }
        let user = try row.decode(fluentModel: User.self)
        guard !user.disabled,
              let session = try await DashboardSession.find(try row.decode(column: "session_id", as: UUID.self), on: database),
              session.passwordStamp == TokenService.hash(user.passwordHash)
        else { return nil }
        let now = Date()
        if now.timeIntervalSince(session.lastSeenAt ?? session.createdAt) > Self.lastSeenResolution {
            session.lastSeenAt = now
            try await WriteTransaction.run(on: database) { try await session.save(on: $0) }
        }
        return (session, user)
    }

    func end(_ session: DashboardSession) async throws {
        try await WriteTransaction.run(on: database) { try await session.delete(on: $0) }
    }

    /// A super admin acts inside `organizationID` (or in none, when nil).
    func switchOrganization(_ session: DashboardSession, to organizationID: UUID?) async throws {
        session.organizationID = organizationID
        try await WriteTransaction.run(on: database) { try await session.save(on: $0) }
    }

    /// Every session of a user ends: it was disabled, deleted or got a new password.
    func endAll(of userID: UUID) async throws {
        try await WriteTransaction.run(on: database) { db in
            try await DashboardSession.query(on: db).filter(\.$userID == userID).delete()
        }
    }
}
