import Fluent
import Vapor

/// Issues, resolves and revokes bearer tokens: 32 random bytes, stored as SHA-256 only.
struct TokenService {
    static let prefix = "clt_"
    let database: any Database
    let lifetime: TimeInterval

    func issue(for user: User) async throws -> (token: String, record: APIToken) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let token = Self.prefix + Data(bytes).base64URLEncodedString()
        let record = APIToken(userID: try user.requireID(), tokenHash: Self.hash(token),
                              expiresAt: Date().addingTimeInterval(lifetime))
        try await record.create(on: database)
        return (token, record)
    }

    /// The live token and its user, or nil when unknown, expired, or the user is disabled.
    func resolve(_ token: String) async throws -> (APIToken, User)? {
        guard token.hasPrefix(Self.prefix), token.count < 200 else { return nil }
        guard let record = try await Unscoped.query(APIToken.self, on: database)
            .filter(\.$tokenHash == Self.hash(token))
            .with(\.$user)
            .first()
        else { return nil }
        guard record.expiresAt > Date(), !record.user.disabled else { return nil }
        return (record, record.user)
    }

    func revoke(id: UUID) async throws {
        try await Unscoped.query(APIToken.self, on: database).filter(\.$id == id).delete()
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
