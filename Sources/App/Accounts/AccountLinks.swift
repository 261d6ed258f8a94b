import Fluent
import SQLKit
import Vapor

/// The accounts' single-use links: 32 random bytes, only their SHA-256 stored, each expiring; a new link of the same
/// purpose voids the earlier ones. A used, voided or expired link answers 410; one never issued, 404.
enum AccountLinks {
    /// A new link for `account`, written in the caller's transaction `db`; returns its secret.
    static func issue(_ purpose: AccountLinkToken.Purpose, for accountID: UUID, email: String, on db: any Database,
                      now: Date = Date()) async throws -> String {
        let secret = LinkSecret.make()
        try await SQLRows.run("""
            UPDATE account_link_tokens SET voided_at = \(bind: now) WHERE account_id = \(bind: accountID)
            AND purpose = \(bind: purpose.rawValue) AND used_at IS NULL AND voided_at IS NULL
            """, on: try db.sql)
        let link = AccountLinkToken()
        link.id = UUID.timeOrdered()
        link.accountID = accountID
        link.purpose = purpose.rawValue
        link.tokenHash = TokenService.hash(secret)
        link.email = email
        link.expiresAt = now.addingTimeInterval(purpose.lifetime)
        link.createdAt = now
        try await link.create(on: db)
        return secret
    }

    /// The link of `secret` while it still opens, without using it (404 or 410 otherwise).
    static func peek(_ secret: String, purpose: AccountLinkToken.Purpose, on db: any Database,
                     now: Date = Date()) async throws -> AccountLinkToken {
        let link = try await find(secret, purpose: purpose, on: db)
        guard link.usedAt == nil, link.voidedAt == nil, link.expiresAt > now else {
            throw LinkSecret.gone(usedAt: link.usedAt, voidedAt: link.voidedAt)
        }
        return link
    }

    /// Marks the link of `secret` used, in the caller's transaction `db`: only one of two racing uses wins.
    static func use(_ secret: String, purpose: AccountLinkToken.Purpose, on db: any Database,
                    now: Date = Date()) async throws -> AccountLinkToken {
        let link = try await find(secret, purpose: purpose, on: db)
        let used = try await SQLRows.all("""
            UPDATE account_link_tokens SET used_at = \(bind: now) WHERE id = \(bind: link.requireID())
            AND used_at IS NULL AND voided_at IS NULL AND expires_at > \(bind: now) RETURNING id
            """, on: try db.sql)
        guard !used.isEmpty else { throw LinkSecret.gone(usedAt: link.usedAt ?? (link.expiresAt > now ? now : nil), voidedAt: link.voidedAt) }
        link.usedAt = now
        return link
    }

    private static func find(_ secret: String, purpose: AccountLinkToken.Purpose, on db: any Database) async throws -> AccountLinkToken {
        guard !secret.isEmpty, secret.count <= 200,
              let link = try await AccountLinkToken.query(on: db).filter(\.$tokenHash == TokenService.hash(secret))
                .filter(\.$purpose == purpose.rawValue).first()
        else { throw LinkSecret.unknown }
        return link
    }
}

/// What the single-use links of clients and accounts share: their secret, and the answers of a link that does not open.
enum LinkSecret {
    /// 32 random bytes, base64url.
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }).base64URLEncodedString()
    }

    static let unknown = Problem(.notFound, type: ProblemType.notFound, detail: "This link is not known: check that it was copied whole")

    /// The 410 of a link that no longer opens, saying why.
    static func gone(usedAt: Date?, voidedAt: Date?) -> Problem {
        let reason: String
        if usedAt != nil { reason = "This link was already used" }
        else if voidedAt != nil { reason = "This link was replaced by a newer one; use the latest email" }
        else { reason = "This link expired; ask for a new one" }
        return Problem(.gone, type: ProblemType.gone, detail: reason, errors: [.init(field: "token", message: reason)])
    }
}
