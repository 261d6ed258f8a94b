import NIOConcurrencyHelpers
import NIOCore

/// Up to `size` connections, each used by one send at a time and kept open between sends.
///
/// A send leases an idle connection, else opens one if under the limit, else waits for a release. Broken connections
/// are dropped on release (the next send opens a new one); idle ones are closed after `idleTimeout` or on shutdown.
final class SMTPConnectionPool: Sendable {
    struct Lease: Sendable {
        let connection: SMTPConnection
        /// Transactions already run on it: the next one starts with RSET when this is above 0.
        let transactions: Int
    }

    private struct Idle {
        let lease: Lease
        let since: NIODeadline
    }

    /// A waiter is handed either a connection or a free slot to open one in.
    private enum Grant {
        case lease(Lease)
        case slot
    }

    private struct State {
        var idle: [Idle] = []
        /// Slots taken by leased or connecting connections (idle ones are counted in `idle`).
        var busy = 0
        var waiters = CircularBuffer<CheckedContinuation<Grant, any Error>>()
        var isShutDown = false
        var drained: [CheckedContinuation<Void, Never>] = []
    }

    private let state = NIOLockedValueBox(State())
    private let connector: SMTPConnector
    private let size: Int
    private let idleTimeout: TimeAmount
    private let reaper = NIOLockedValueBox<RepeatedTask?>(nil)

    init(connector: SMTPConnector, size: Int, idleTimeout: TimeAmount) {
        self.connector = connector
        self.size = max(1, size)
        self.idleTimeout = idleTimeout
        let check = min(idleTimeout, .seconds(5))
        reaper.withLockedValue {
            $0 = connector.eventLoopGroup.any().scheduleRepeatedTask(initialDelay: check, delay: check) { [weak self] task in
                guard let self else { return task.cancel() }
                self.closeExpired()
            }
        }
    }

    deinit { reaper.withLockedValue { $0?.cancel() } }

    func lease() async throws(SMTPError) -> Lease {
        do {
            let grant: Grant = try await withCheckedThrowingContinuation { continuation in
                let (decision, stale) = state.withLockedValue { state -> (Result<Grant, SMTPError>?, [SMTPConnection]) in
                    guard !state.isShutDown else { return (.failure(.shutDown), []) }
                    var stale: [SMTPConnection] = []
                    // Most recently used first: it is warm, and the others can reach their idle timeout.
                    while let idle = state.idle.popLast() {
                        if idle.lease.connection.isActive {
                            state.busy += 1
                            return (.success(.lease(idle.lease)), stale)
                        }
                        stale.append(idle.lease.connection)
                    }
                    if state.busy < size {
                        state.busy += 1
                        return (.success(.slot), stale)
                    }
                    state.waiters.append(continuation)  // resumed by release, freeSlot or shutdown
                    return (nil, stale)
                }
                stale.forEach { $0.abort() }
                if let decision { continuation.resume(with: decision) }
            }
            switch grant {
            case .lease(let lease): return lease
            case .slot: return try await open()
            }
        } catch let error as SMTPError {
            throw error
        } catch {
            throw .connectionFailed("\(error)")
        }
    }

    /// Opens a connection in a slot already taken; gives the slot back if that fails.
    private func open() async throws(SMTPError) -> Lease {
        do {
            return Lease(connection: try await connector.connect(), transactions: 0)
        } catch {
            freeSlot()
            throw error
        }
    }

    /// Returns a connection after a send: kept when `reusable` and still open, else closed and its slot freed.
    func release(_ lease: Lease, reusable: Bool) {
        let next = Lease(connection: lease.connection, transactions: lease.transactions + 1)
        guard reusable, lease.connection.isActive else {
            lease.connection.abort()
            return freeSlot()
        }
        let waiter = state.withLockedValue { state -> CheckedContinuation<Grant, any Error>? in
            if let waiter = state.waiters.popFirst() { return waiter }
            state.busy -= 1
            state.idle.append(Idle(lease: next, since: .now()))
            if state.isShutDown && state.busy == 0 { resumeDrained(&state) }
            return nil
        }
        waiter?.resume(returning: .lease(next))
    }

    /// A slot came free: a waiter may open a connection in it.
    private func freeSlot() {
        let waiter = state.withLockedValue { state -> CheckedContinuation<Grant, any Error>? in
            if let waiter = state.waiters.popFirst() { return waiter }
            state.busy -= 1
            if state.isShutDown && state.busy == 0 { resumeDrained(&state) }
            return nil
        }
        waiter?.resume(returning: .slot)
    }

    private func resumeDrained(_ state: inout State) {
        for continuation in state.drained { continuation.resume() }
        state.drained.removeAll()
    }

    private func closeExpired() {
        let now = NIODeadline.now()
        let expired = state.withLockedValue { state -> [Idle] in
            let expired = state.idle.filter { now - $0.since >= idleTimeout || !$0.lease.connection.isActive }
            state.idle.removeAll { now - $0.since >= idleTimeout || !$0.lease.connection.isActive }
            return expired
        }
        for idle in expired {
            _ = idle.lease.connection.transport.quit()
        }
    }

    /// Refuses new sends, waits for running ones, then QUITs every connection.
    func shutdown() async {
        let waiters = state.withLockedValue { state -> CircularBuffer<CheckedContinuation<Grant, any Error>> in
            state.isShutDown = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        waiters.forEach { $0.resume(throwing: SMTPError.shutDown) }
        reaper.withLockedValue { $0?.cancel(); $0 = nil }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLockedValue { state in
                if state.busy == 0 { return true }
                state.drained.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
        let idle = state.withLockedValue { state in
            defer { state.idle.removeAll() }
            return state.idle
        }
        await withTaskGroup(of: Void.self) { group in
            for entry in idle { group.addTask { await entry.lease.connection.quit() } }
        }
    }
}
