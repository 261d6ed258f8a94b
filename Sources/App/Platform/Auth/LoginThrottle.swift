import Fluent
import SQLKit
import Vapor

/// Limits failed sign-ins per email and per client address over a sliding window. Failures live in the
/// database, so several app instances share one count.
///
/// An attempt is counted as a failure before the password is checked (`begin`), in the transaction that checks the
/// limit, and forgiven when it succeeds (`succeeded`): a burst of parallel guesses gets the limit, not one guess per
/// request that passed the check before any of them failed.
struct LoginThrottle {
    let database: any Database
    let limits: LoginLimits

    static func emailKey(_ email: String) -> String { "email:" + email.trimmingCharacters(in: .whitespaces).lowercased() }
    static func addressKey(_ address: String) -> String { "ip:" + address }

    /// An attempt under way: the two failures it wrote in advance.
    struct Attempt: Sendable {
        let email: String
        let failureIDs: [UUID]
    }

    /// Throws 429 with `Retry-After` when either key has used up its failures; otherwise counts this attempt as a
    /// failure of both keys, in the same transaction (serialized per key), and answers it.
    func begin(email: String, address: String) async throws -> Attempt {
        let ids = try await Self.countFailure(
            of: [(Self.emailKey(email), limits.perEmail), (Self.addressKey(address), limits.perAddress)],
            window: limits.window, on: database, refusal: "Too many failed sign-in attempts")
        return Attempt(email: email, failureIDs: ids)
    }

    /// Throws 429 with `Retry-After` when any key has had `limit` failures within `window`; otherwise records one
    /// failure for each key, in one transaction serialized per key, and answers their ids (to take back on success).
    /// Shared by sign-in and every other guess of a secret (gift card codes).
    static func countFailure(of keys: [(String, Int)], window: TimeInterval, on database: any Database,
                             refusal: String) async throws -> [UUID] {
        try await WriteTransaction.run(on: database) { db in
            let now = Date()
            if SQLDialectKind(db) == .postgres {
                // SQLite's write gate runs these transactions one at a time; PostgreSQL needs a lock per key.
                for (key, _) in keys.sorted(by: { $0.0 < $1.0 }) {
                    try await (try db.sql).raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: key)))").run()
                }
            }
            for (key, limit) in keys {
                let recent = try await Unscoped.query(AuthFailure.self, on: db)
                    .filter(\.$throttleKey == key)
                    .filter(\.$failedAt > now.addingTimeInterval(-window))
                    .sort(\.$failedAt, .descending)
                    .limit(limit)
                    .all()
                guard recent.count >= limit, let oldest = recent.last else { continue }
                let retryAfter = max(1, Int((oldest.failedAt.addingTimeInterval(window).timeIntervalSince(now)).rounded(.up)))
                throw Problem(.tooManyRequests, type: ProblemType.throttled,
                              detail: "\(refusal); try again in \(retryAfter) seconds",
                              headers: ["Retry-After": String(retryAfter)])
            }
            var ids: [UUID] = []
            for (key, _) in keys {
                let failure = AuthFailure(throttleKey: key, failedAt: now)
                try await failure.create(on: db)
                ids.append(try failure.requireID())
            }
            // Old failures no longer count; drop them as new ones arrive.
            try await Unscoped.query(AuthFailure.self, on: db).filter(\.$failedAt < now.addingTimeInterval(-window)).delete()
            return ids
        }
    }

    /// Takes back failures counted in advance by an attempt that succeeded.
    static func forgive(_ ids: [UUID], on database: any Database) async throws {
        try await WriteTransaction.run(on: database) { db in
            try await Unscoped.query(AuthFailure.self, on: db).filter(\.$id ~~ ids).delete()
        }
    }

    /// The attempt signed in: its own failures are taken back and the email's earlier ones forgiven.
    func succeeded(_ attempt: Attempt) async throws {
        try await WriteTransaction.run(on: database) { db in
            try await Unscoped.query(AuthFailure.self, on: db).group(.or) {
                $0.filter(\.$id ~~ attempt.failureIDs).filter(\.$throttleKey == Self.emailKey(attempt.email))
            }.delete()
        }
    }
}
