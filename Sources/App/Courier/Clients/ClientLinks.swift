import Fluent
import SQLKit
import Vapor

/// Single-use links of clients: 32 random bytes, only their SHA-256 stored, each expiring; a new link of the same
/// purpose voids the earlier ones. A link that was used, voided or expired answers 410; one never issued, 404.
enum ClientLinks {
    static let invitationLifetime: TimeInterval = 7 * 86_400
    static let emailChangeLifetime: TimeInterval = 7 * 86_400

    /// A new link for `client`, written in the caller's transaction `db`; returns its secret.
    static func issue(_ purpose: ClientLink.Purpose, for client: Client, email: String, lifetime: TimeInterval,
                      on db: any Database, now: Date = Date()) async throws -> String {
        let secret = LinkSecret.make()
        try await SQLRows.run("""
            UPDATE client_links SET voided_at = \(bind: now) WHERE organization_id = \(bind: client.organizationID)
            AND client_id = \(bind: client.requireID()) AND purpose = \(bind: purpose.rawValue) AND used_at IS NULL AND voided_at IS NULL
            """, on: try db.sql)
        let link = ClientLink()
        link.id = UUID.timeOrdered()
        link.organizationID = client.organizationID
        link.clientID = try client.requireID()
        link.purpose = purpose.rawValue
        link.tokenHash = TokenService.hash(secret)
        link.email = email
        link.expiresAt = now.addingTimeInterval(lifetime)
        link.createdAt = now
        try await link.create(on: db)
        return secret
    }

    /// The link of `secret` while it still opens, read without using it (404 or 410 otherwise): checked before any
    /// costly work a request asks for (hashing a password), and shown by the pages the links open.
    static func peek(_ secret: String, purpose: ClientLink.Purpose, on db: any Database, now: Date = Date()) async throws -> ClientLink {
        guard !secret.isEmpty, secret.count <= 200,
              let link = try await Unscoped.query(ClientLink.self, on: db).filter(\.$tokenHash == TokenService.hash(secret))
                .filter(\.$purpose == purpose.rawValue).first()
        else { throw LinkSecret.unknown }
        guard link.usedAt == nil, link.voidedAt == nil, link.expiresAt > now else { throw gone(link, now: now) }
        return link
    }

    /// Marks the link of `secret` used, in the caller's transaction `db`: only one of two racing uses wins.
    static func use(_ secret: String, purpose: ClientLink.Purpose, on db: any Database, now: Date = Date()) async throws -> ClientLink {
        guard !secret.isEmpty, secret.count <= 200 else { throw Problem.notFound("link") }
        let hash = TokenService.hash(secret)
        let sql = try db.sql
        let used = try await SQLRows.all("""
            UPDATE client_links SET used_at = \(bind: now) WHERE token_hash = \(bind: hash) AND purpose = \(bind: purpose.rawValue)
            AND used_at IS NULL AND voided_at IS NULL AND expires_at > \(bind: now) RETURNING id
            """, on: sql)
        guard let row = used.first else {
            guard let link = try await Unscoped.query(ClientLink.self, on: db).filter(\.$tokenHash == hash)
                .filter(\.$purpose == purpose.rawValue).first()
            else { throw LinkSecret.unknown }
            throw gone(link, now: now)
        }
        let id = try row.decode(column: "id", as: UUID.self)
        guard let link = try await Unscoped.query(ClientLink.self, on: db).filter(\.$id == id).first() else { throw Problem.notFound("link") }
        return link
    }

    /// The 410 of a link that no longer opens, saying why.
    static func gone(_ link: ClientLink, now: Date) -> Problem {
        LinkSecret.gone(usedAt: link.usedAt, voidedAt: link.voidedAt)
    }
}
