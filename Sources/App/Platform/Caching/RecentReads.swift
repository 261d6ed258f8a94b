import Foundation
import NIOConcurrencyHelpers

/// What this process read from the database a moment ago, by key: each value kept for `lifetime` at most (or until an
/// earlier moment of its own), and everything forgotten at once when a change that concerns it commits
/// (`forgetAll`). A generation number keeps a reader that read the database before a change from storing what it read
/// after the change was forgotten: take `generation` before reading, hand it back to `store`. The tokens
/// (`TokenCache`) and the organizations (`OrganizationCache`) a process resolved are kept here.
final class RecentReads<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entry {
        let value: Value
        let until: Date
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var generation = 0
    }

    /// How long a value is kept at most (how long another process's change may take to reach this one when the
    /// signal to forget cannot); 0 keeps nothing.
    let lifetime: TimeInterval
    /// At most this many values are kept; past it the cache starts again empty.
    let capacity: Int
    private let state = NIOLockedValueBox(State())

    init(lifetime: TimeInterval, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The value kept for `key`, or nil (unknown, or past its time).
    func value(for key: Key, now: Date = Date()) -> Value? {
        guard lifetime > 0 else { return nil }
        return state.withLockedValue { state in
            guard let entry = state.entries[key] else { return nil }
            guard now < entry.until else {
                state.entries[key] = nil
                return nil
            }
            return entry.value
        }
    }

    /// The generation to hand back to `store` after reading from the database.
    var generation: Int { state.withLockedValue { $0.generation } }

    /// Keeps `value`, read at `readAt`, for `lifetime` or until `expiry`, whichever comes first — unless something was
    /// forgotten since the read began (`generation` moved).
    func store(_ value: Value, for key: Key, generation: Int, readAt: Date, expiry: Date = .distantFuture) {
        guard lifetime > 0 else { return }
        state.withLockedValue { state in
            guard state.generation == generation else { return }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[key] = Entry(value: value, until: min(readAt.addingTimeInterval(lifetime), expiry))
        }
    }

    /// Forgets every value.
    func forgetAll() {
        state.withLockedValue { state in
            state.generation += 1
            state.entries.removeAll(keepingCapacity: true)
        }
    }
}
