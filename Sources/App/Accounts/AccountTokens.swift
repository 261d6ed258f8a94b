import Fluent
import SQLKit
import Vapor

/// The customer accounts' bearer tokens: `cla_` and 32 random bytes, stored as SHA-256 only, read from the database on
/// every request (so a sign-out, a password reset or the account's deletion stops them at once, on every instance).
struct AccountTokens {
    static let prefix = "cla_"
    static let lifetime: TimeInterval = 30 * 86_400
    let database: any Database

    func issue(for accountID: UUID, now: Date = Date()) async throws -> (token: String, expiresAt: Date) {
        let token = Self.prefix + LinkSecret.make()
        let record = AccountToken()
        record.id = UUID.timeOrdered()
        record.accountID = accountID
        record.tokenHash = TokenService.hash(token)
        record.expiresAt = now.addingTimeInterval(Self.lifetime)
        record.createdAt = now
        try await record.create(on: database)
        return (token, record.expiresAt)
    }

    /// The live token's id and its account, or nil.
    func resolve(_ token: String) async throws -> (tokenID: UUID, account: Account)? {
        guard token.hasPrefix(Self.prefix), token.count < 200 else { return nil }
        guard let row = try await SQLRows.first("""
            SELECT accounts.*, account_tokens.id AS token_id, account_tokens.expires_at AS token_expires_at
            FROM account_tokens JOIN accounts ON accounts.id = account_tokens.account_id
            WHERE account_tokens.token_hash = \(bind: TokenService.hash(token)) LIMIT 1
            """, on: try database.sql, byKey: true)
        else { return nil }
        guard try row.decode(column: "token_expires_at", as: Date.self) > Date() else { return nil }
        return (try row.decode(column: "token_id", as: UUID.self), try row.model(Account.self))
    }

    func revoke(id: UUID) async throws {
        try await WriteTransaction.run(on: database) { db in
            try await SQLRows.run("DELETE FROM account_tokens WHERE id = \(bind: id)", on: try db.sql)
        }
    }

    /// Every token of the account but `keeping` (a password reset signs out every device).
    static func revokeAll(of accountID: UUID, keeping: UUID? = nil, on db: any Database) async throws {
        if let keeping {
            try await SQLRows.run("DELETE FROM account_tokens WHERE account_id = \(bind: accountID) AND id <> \(bind: keeping)", on: try db.sql)
        } else {
            try await SQLRows.run("DELETE FROM account_tokens WHERE account_id = \(bind: accountID)", on: try db.sql)
        }
    }
}

/// The signed-in account of an `/api/v1/account/…` request.
struct AccountPrincipal: Sendable {
    let account: Account
    let tokenID: UUID
    var accountID: UUID { account.id! }
}

extension Request {
    private struct AccountPrincipalKey: StorageKey { typealias Value = AccountPrincipal }

    var accountPrincipal: AccountPrincipal {
        get throws {
            guard let principal = storage[AccountPrincipalKey.self] else { throw Problem.unauthorized("Sign in to your account first") }
            return principal
        }
    }

    func setAccountPrincipal(_ principal: AccountPrincipal) { storage[AccountPrincipalKey.self] = principal }
}

/// Resolves an account token on the account's own routes. A staff or client user's token never opens them (403), and
/// an account token never opens theirs (`TokenAuthMiddleware` answers it 403).
struct AccountAuthMiddleware: AsyncMiddleware {
    static let staffTokenRefused = "These are a customer account's routes; staff and client tokens do not open them"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let bearer = request.headers.bearerAuthorization?.token else {
            throw Problem.unauthorized("Send Authorization: Bearer <token>; get one from POST /api/v1/accounts/token")
        }
        if bearer.hasPrefix(TokenService.prefix) { throw Problem.forbidden(Self.staffTokenRefused) }
        guard let (tokenID, account) = try await AccountTokens(database: request.database).resolve(bearer) else {
            throw Problem.unauthorized(TokenAuthMiddleware.invalidToken)
        }
        request.setAccountPrincipal(AccountPrincipal(account: account, tokenID: tokenID))
        return try await next.respond(to: request)
    }
}
