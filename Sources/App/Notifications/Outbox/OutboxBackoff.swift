import Foundation

/// Exponential back-off with jitter: the n-th retry waits `base × 2^(n-1)`, scaled by a random factor in [0.5, 1.5)
/// so that notifications that failed together (a provider outage) do not all come back at once. Capped at a day.
struct OutboxBackoff: Sendable {
    let baseSeconds: Double

    func delay(afterAttempt attempt: Int) -> TimeInterval {
        guard baseSeconds > 0 else { return 0 }
        let exponential = baseSeconds * pow(2, Double(min(max(attempt - 1, 0), 20)))
        return min(exponential * Double.random(in: 0.5..<1.5), 86_400)
    }
}
