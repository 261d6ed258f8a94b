import Foundation
import NIOConcurrencyHelpers
import Vapor

/// A per-key sliding window of requests, in this process. Used where a database round trip per request
/// would cost more than the abuse it prevents (the public, unauthenticated order lookup).
final class RateLimiter: Sendable {
    private let limit: Int
    private let window: TimeInterval
    private let hits = NIOLockedValueBox<[String: [Date]]>([:])

    init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// Records a request; throws 429 with `Retry-After` when the key is over its limit.
    func check(_ key: String, now: Date = Date()) throws {
        let retryAfter: Int? = hits.withLockedValue { hits in
            if hits.count > 10_000 { hits = hits.filter { $0.value.last.map { now.timeIntervalSince($0) < window } ?? false } }
            var recent = (hits[key] ?? []).filter { now.timeIntervalSince($0) < window }
            guard recent.count < limit else {
                hits[key] = recent
                return max(1, Int((recent[0].addingTimeInterval(window).timeIntervalSince(now)).rounded(.up)))
            }
            recent.append(now)
            hits[key] = recent
            return nil
        }
        if let retryAfter {
            throw Problem(.tooManyRequests, type: ProblemType.throttled,
                          detail: "Too many lookups from this address; try again in \(retryAfter) seconds",
                          headers: ["Retry-After": String(retryAfter)])
        }
    }
}

extension Application {
    private struct PublicLookupLimiterKey: StorageKey { typealias Value = RateLimiter }

    var publicLookupLimiter: RateLimiter {
        get { storage[PublicLookupLimiterKey.self]! }
        set { storage[PublicLookupLimiterKey.self] = newValue }
    }
}
