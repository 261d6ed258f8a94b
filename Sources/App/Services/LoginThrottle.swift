import Fluent
import Vapor

/// Limits failed sign-ins per email and per client address over a sliding window. Failures live in the
/// database, so several app instances share one count.
struct LoginThrottle {
    let database: any Database
    let limits: LoginLimits

    static func emailKey(_ email: String) -> String { "email:" + email.trimmingCharacters(in: .whitespaces).lowercased() }
    static func addressKey(_ address: String) -> String { "ip:" + address }

    /// Throws 429 with `Retry-After` when either key has used up its failures.
    func check(email: String, address: String) async throws {
        let now = Date()
        for (key, limit) in [(Self.emailKey(email), limits.perEmail), (Self.addressKey(address), limits.perAddress)] {
            let recent = try await Unscoped.query(AuthFailure.self, on: database)
                .filter(\.$throttleKey == key)
                .filter(\.$failedAt > now.addingTimeInterval(-limits.window))
                .sort(\.$failedAt, .descending)
                .limit(limit)
                .all()
            guard recent.count >= limit, let oldest = recent.last else { continue }
            let retryAfter = max(1, Int((oldest.failedAt.addingTimeInterval(limits.window).timeIntervalSince(now)).rounded(.up)))
            throw Problem(.tooManyRequests, type: ProblemType.throttled,
                          detail: "Too many failed sign-in attempts; try again in \(retryAfter) seconds",
                          headers: ["Retry-After": String(retryAfter)])
        }
    }

    func recordFailure(email: String, address: String) async throws {
        let now = Date()
        try await WriteTransaction.run(on: database) { db in
            try await AuthFailure(throttleKey: Self.emailKey(email), failedAt: now).create(on: db)
            try await AuthFailure(throttleKey: Self.addressKey(address), failedAt: now).create(on: db)
            // Old failures no longer count; drop them as new ones arrive.
            try await Unscoped.query(AuthFailure.self, on: db)
                .filter(\.$failedAt < now.addingTimeInterval(-limits.window)).delete()
        }
    }

    func clear(email: String) async throws {
        try await WriteTransaction.run(on: database) {
            try await Unscoped.query(AuthFailure.self, on: $0).filter(\.$throttleKey == Self.emailKey(email)).delete()
        }
    }
}
