import Fluent
import FluentSQL
import SQLKit
import Vapor

/// Issues, resolves and revokes bearer tokens: 32 random bytes, stored as SHA-256 only.
struct TokenService {
    static let prefix = "clt_"
    let database: any Database
    let lifetime: TimeInterval
    /// Tokens resolved a moment ago (see `TokenCache`); nil reads every token from the database.
    var cache: TokenCache? = nil

    func issue(for user: User) async throws -> (token: String, record: APIToken) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let token = Self.prefix + Data(bytes).base64URLEncodedString()
        let record = APIToken(userID: try user.requireID(), tokenHash: Self.hash(token),
                              expiresAt: Date().addingTimeInterval(lifetime))
        try await WriteTransaction.run(on: database) { try await record.create(on: $0) }
        return (token, record)
    }

    /// The live token's id and its user, or nil when unknown, expired, or the user is disabled.
    /// One query, or none when the token was resolved a moment ago: it runs on every authenticated request.
    func resolve(_ token: String) async throws -> (tokenID: UUID, user: User)? {
        guard token.hasPrefix(Self.prefix), token.count < 200 else { return nil }
        let hash = Self.hash(token)
        let now = Date()
        if let cached = cache?.entry(for: hash, now: now) { return (cached.tokenID, cached.user.makeUser()) }
        let generation = cache?.generation ?? 0
        guard let row = try await SQLRows.first("""
            SELECT users.*, api_tokens.id AS token_id, api_tokens.expires_at AS token_expires_at
            FROM api_tokens JOIN users ON users.id = api_tokens.user_id
            WHERE api_tokens.token_hash = \(bind: hash) LIMIT 1
            """, on: try database.sql, byKey: true)
        else { return nil }
        let expiresAt = try row.decode(column: "token_expires_at", as: Date.self)
        let user = try row.model(User.self)
        guard expiresAt > now, !user.disabled else { return nil }
        let tokenID = try row.decode(column: "token_id", as: UUID.self)
        if let cache {
            let entry = TokenCache.Entry(tokenID: tokenID, user: try .init(user), tokenExpiresAt: expiresAt, cachedAt: now)
            cache.store(entry, for: hash, readAt: generation)
        }
        return (tokenID, user)
    }

    func revoke(id: UUID) async throws {
        try await WriteTransaction.run(on: database) { try await Unscoped.query(APIToken.self, on: $0).filter(\.$id == id).delete() }
        if let cache { try await TokenRevocations.announce(cache, on: database) }
    }

    static func hash(_ token: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex = [UInt8]()
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(token.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
