import NIOConcurrencyHelpers

/// Wakes this process's idle outbox workers when a transaction wrote notifications, so that a message leaves within
/// milliseconds of its event instead of at the next poll (which remains for the work other instances write).
final class OutboxSignal: Sendable {
    static let shared = OutboxSignal()

    private let counter = NIOLockedValueBox<UInt64>(0)

    /// Increases with every wake; a worker compares it with the value it saw when it went idle.
    var generation: UInt64 { counter.withLockedValue { $0 } }

    func wake() { counter.withLockedValue { $0 &+= 1 } }
}
