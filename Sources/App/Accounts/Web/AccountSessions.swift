import Fluent
import SQLKit
import Vapor

/// Starts, resolves and ends the portal sessions of customer accounts, as `DashboardSessions` does for staff: the
/// cookie holds 32 random bytes, the table their SHA-256 and a CSRF token per session. A session ends at its expiry,
/// after `idleTimeout` unused, when the account's password changes (its stamp no longer matches) or the account is
/// deleted (the row goes with it).
struct AccountSessions {
    let database: any Database
    let lifetime: TimeInterval
    var idleTimeout: TimeInterval

    init(database: any Database, config: AppConfig) {
        self.database = database
        lifetime = config.tokenLifetime
        idleTimeout = config.sessionIdleTimeout
    }

    static func stamp(_ account: Account) -> String { TokenService.hash(account.passwordHash) }

    func start(for account: Account) async throws -> (cookie: String, session: AccountSession) {
        let cookie = DashboardSessions.randomToken()
        let session = AccountSession(accountID: try account.requireID(), tokenHash: TokenService.hash(cookie),
                                     csrfToken: DashboardSessions.randomToken(), passwordStamp: Self.stamp(account),
                                     expiresAt: Date().addingTimeInterval(lifetime))
        try await WriteTransaction.run(on: database) { try await session.create(on: $0) }
        return (cookie, session)
    }

    /// The live session and its account; nil when unknown, expired, idle too long, or the password changed since.
    func resolve(_ cookie: String) async throws -> (session: AccountSession, account: Account)? {
        guard !cookie.isEmpty, cookie.count < 200 else { return nil }
        let now = Date()
        guard let row = try await SQLRows.first("""
            SELECT accounts.*, account_sessions.id AS session_id, account_sessions.csrf_token AS session_csrf_token,
            account_sessions.password_stamp AS session_password_stamp, account_sessions.expires_at AS session_expires_at,
            account_sessions.last_seen_at AS session_last_seen_at, account_sessions.created_at AS session_created_at
            FROM account_sessions JOIN accounts ON accounts.id = account_sessions.account_id
            WHERE account_sessions.token_hash = \(bind: TokenService.hash(cookie)) LIMIT 1
            """, on: try database.sql, byKey: true)
        else { return nil }
        let account = try row.model(Account.self)
        let session = AccountSession()
        session.id = try row.decode(column: "session_id", as: UUID.self)
        session.accountID = try account.requireID()
        session.tokenHash = TokenService.hash(cookie)
        session.csrfToken = try row.decode(column: "session_csrf_token", as: String.self)
        session.passwordStamp = try row.decode(column: "session_password_stamp", as: String.self)
        session.expiresAt = try row.decode(column: "session_expires_at", as: Date.self)
        session.lastSeenAt = try row.decode(column: "session_last_seen_at", as: Date?.self)
        session.createdAt = try row.decode(column: "session_created_at", as: Date.self)
        let lastSeen = session.lastSeenAt ?? session.createdAt
        guard session.expiresAt > now, lastSeen > now.addingTimeInterval(-idleTimeout),
              DashboardAuthMiddleware.sameToken(session.passwordStamp, Self.stamp(account))
        else { return nil }
        if now.timeIntervalSince(lastSeen) > DashboardSessions.lastSeenResolution {
            let id = try session.requireID()
            try await WriteTransaction.run(on: database) { db in
                try await SQLRows.run("UPDATE account_sessions SET last_seen_at = \(bind: now) WHERE id = \(bind: id)", on: try db.sql)
            }
            session.lastSeenAt = now
        }
        return (session, account)
    }

    func end(_ session: AccountSession) async throws {
        let id = try session.requireID()
        try await WriteTransaction.run(on: database) { db in
            try await SQLRows.run("DELETE FROM account_sessions WHERE id = \(bind: id)", on: try db.sql)
        }
    }

    /// Every session of the account ends (its password was reset).
    func endAll(of accountID: UUID) async throws {
        try await WriteTransaction.run(on: database) { db in
            try await SQLRows.run("DELETE FROM account_sessions WHERE account_id = \(bind: accountID)", on: try db.sql)
        }
    }
}
