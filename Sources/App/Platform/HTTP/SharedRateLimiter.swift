import Fluent
import Foundation
import SQLKit
import Vapor

/// A per-key request limit that every instance on one PostgreSQL database shares: one upsert per request counts it
/// in its fixed window (`rate_limit_windows`), and the previous window's hits are weighted in by how much of it still
/// lies within the last `window` seconds — the usual sliding-window estimate, without a row per request. On SQLite one
/// process serves: the in-memory `RateLimiter` answers.
struct SharedRateLimiter {
    let limit: Int
    let window: Int64

    /// Records a request; throws 429 with `Retry-After` when the key is over its limit.
    func check(_ key: String, local: RateLimiter, on database: any Database, now: Date = Date()) async throws {
        guard SQLDialectKind(database) == .postgres else {
            try local.check(key, now: now)
            return
        }
        let sql = try database.sql
        let seconds = now.timeIntervalSince1970
        let start = Int64(seconds) / window * window
        guard let row = try await sql.raw("""
            INSERT INTO rate_limit_windows (key, window_start, hits) VALUES (\(bind: key), \(bind: start), 1)
            ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limit_windows.hits + 1
            RETURNING hits, (SELECT hits FROM rate_limit_windows WHERE key = \(bind: key) AND window_start = \(bind: start - window)) AS previous
            """).first() else { return }
        let hits = try row.decode(column: "hits", as: Int.self)
        let previous = try row.decode(column: "previous", as: Int?.self) ?? 0
        if hits == 1, Int.random(in: 0..<64) == 0 {
            // Now and then, the windows nobody can count any more go.
            try await sql.raw("DELETE FROM rate_limit_windows WHERE window_start < \(bind: start - window)").run()
        }
        let elapsed = seconds - Double(start)
        let estimate = Double(previous) * (1 - elapsed / Double(window)) + Double(hits)
        guard estimate > Double(limit) else { return }
        let retryAfter = max(1, Int((Double(window) - elapsed).rounded(.up)))
        throw Problem(.tooManyRequests, type: ProblemType.throttled,
                      detail: "Too many lookups from this address; try again in \(retryAfter) seconds",
                      headers: ["Retry-After": String(retryAfter)])
    }
}
