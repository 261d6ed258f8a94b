import Foundation
import NIOConcurrencyHelpers
import Vapor

/// A per-key sliding window of requests, in this process. Used where a database round trip per request
/// would cost more than the abuse it prevents (the public, unauthenticated order lookup).
final class RateLimiter: Sendable {
    /// The most keys remembered at once: memory stays bounded (about a megabyte) however many addresses call.
    static let maxKeys = 10_000
    private let limit: Int
    private let window: TimeInterval
    private let hits = NIOLockedValueBox<[String: [Date]]>([:])

    init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// How many keys are remembered now (for tests).
    var keyCount: Int { hits.withLockedValue { $0.count } }

    /// Records a request; throws 429 with `Retry-After` when the key is over its limit.
    func check(_ key: String, now: Date = Date()) throws {
        let retryAfter: Int? = hits.withLockedValue { hits in
            if hits.count >= Self.maxKeys {
                hits = hits.filter { $0.value.last.map { now.timeIntervalSince($0) < window } ?? false }
                if hits.count >= Self.maxKeys {
                    // Still full within the window (many addresses at once): forget the least recent half, so that
                    // memory stays bounded whatever the callers send.
                    let keep = hits.sorted { ($0.value.last ?? .distantPast) > ($1.value.last ?? .distantPast) }.prefix(Self.maxKeys / 2)
                    hits = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
                }
            }
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
