import Fluent
import Foundation
import NIOConcurrencyHelpers
import Tracing
import Vapor

/// Delivers the outbox: each worker claims a batch of due notifications, hands them to their providers (several at
/// once), and records every outcome under its claim. Started with the server when a provider is configured; any number
/// of instances on one PostgreSQL share the work.
final class OutboxWorkers: LifecycleHandler, Sendable {
    let config: OutboxConfig
    let senders: [NotificationChannel: any NotificationSender]
    private let database: @Sendable () -> any Database
    private let logger: Logger
    private let loops = NIOLockedValueBox<[Task<Void, Never>]>([])
    /// Workers per process: two, so that one claims and records while the other's messages are in flight.
    static let workerCount = 2

    init(config: OutboxConfig, senders: [NotificationChannel: any NotificationSender],
         database: @escaping @Sendable () -> any Database, logger: Logger) {
        self.config = config
        self.senders = senders
        self.database = database
        self.logger = logger
    }

    /// The channels this process can deliver; the others' notifications stay queued.
    var channels: [NotificationChannel] { NotificationChannel.allCases.filter { senders[$0] != nil } }

    func didBootAsync(_ app: Application) async throws {
        guard config.runsWorkers, !senders.isEmpty else { return }
        loops.withLockedValue { loops in
            for _ in 0..<Self.workerCount { loops.append(Task { await self.run() }) }
        }
    }

    func shutdownAsync(_ app: Application) async {
        let running = loops.withLockedValue { loops in defer { loops = [] }; return loops }
        for loop in running { loop.cancel() }
        for loop in running { await loop.value }
        for sender in senders.values { await sender.shutdown() }
    }

    private func run() async {
        var seen = OutboxSignal.shared.generation
        while !Task.isCancelled {
            var claimed = 0
            do {
                claimed = try await deliverDue()
            } catch {
                logger.error("outbox: \(String(describing: error))")
            }
            if claimed >= config.batchSize { continue }
            // Idle: until this process writes a notification, or the poll interval passes.
            let deadline = Date().addingTimeInterval(config.pollSeconds)
            while !Task.isCancelled, OutboxSignal.shared.generation == seen, Date() < deadline {
                try? await Task.sleep(nanoseconds: 10_000_000)
            }
            // Woken by a commit: a moment more gathers the notifications of the commits right behind it into the same
            // claim (under a stream of task moves, one claim and one record for many, not for each).
            if OutboxSignal.shared.generation != seen { try? await Task.sleep(nanoseconds: Self.gatherNanoseconds) }
            seen = OutboxSignal.shared.generation
        }
    }

    static let gatherNanoseconds: UInt64 = 20_000_000

    /// One round: claims up to a batch of due notifications, delivers them and records each outcome soon after it
    /// comes (a crash then sends again only what was in flight, not the whole batch). Answers how many it claimed.
    @discardableResult
    func deliverDue() async throws -> Int {
        var count = 0
        for table in OutboxTable.allCases {
            let owner = UUID().uuidString
            let store = OutboxStore(database: database(), table: table)
            let claimed = try await store.claim(limit: config.batchSize, channels: channels, owner: owner,
                                                leaseSeconds: config.leaseSeconds)
            guard !claimed.isEmpty else { continue }
            let backoff = OutboxBackoff(baseSeconds: config.backoffSeconds)
            try await deliver(claimed) { outcomes in try await store.record(outcomes, owner: owner, backoff: backoff) }
            count += claimed.count
        }
        return count
    }

    /// Sends `claimed`, `config.concurrency` at a time, handing the outcomes to `record` in small groups as they come.
    private func deliver(_ claimed: [ClaimedNotification],
                         record: @escaping ([(ClaimedNotification, DeliveryOutcome)]) async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: (ClaimedNotification, DeliveryOutcome).self) { group in
            var done: [(ClaimedNotification, DeliveryOutcome)] = []
            var lastRecorded = Date()
            var pending = claimed[...]
            func start(_ notification: ClaimedNotification) {
                let sender = senders[notification.channel]
                group.addTask {
                    (notification, await Self.traced(notification) {
                        await sender?.send(notification) ?? .retry("no provider for \(notification.channel.rawValue)")
                    })
                }
            }
            // No send starts once a third of the lease is gone: a message sent after its lease ran out could be sent
            // again by the worker that took it over. What is left goes back to the queue untried.
            let startBy = Date().addingTimeInterval(config.leaseSeconds / 3)
            for _ in 0..<min(config.concurrency, pending.count) { start(pending.removeFirst()) }
            while let result = try await group.next() {
                done.append(result)
                if let next = pending.first, Date() < startBy { pending.removeFirst(); start(next) }
                if done.count >= Self.recordEvery || Date().timeIntervalSince(lastRecorded) > 0.05 {
                    try await record(done)
                    done.removeAll(keepingCapacity: true)
                    lastRecorded = Date()
                }
            }
            try await record(done + pending.map { ($0, .released) })
        }
    }

    /// One send as a client span (`notification send`) when traces are exported: which notification, which attempt,
    /// and how it went. No recipient or content: those are a customer's data.
    private static func traced(_ notification: ClaimedNotification, _ send: () async -> DeliveryOutcome) async -> DeliveryOutcome {
        await withSpan("notification send", ofKind: .client) { span in
            span.attributes["clientele.notification_id"] = notification.id.uuidString
            span.attributes["clientele.notification_kind"] = notification.kind
            span.attributes["clientele.channel"] = notification.channel.rawValue
            span.attributes["clientele.attempt"] = notification.attempt
            let outcome = await send()
            switch outcome {
            case .sent: span.attributes["clientele.outcome"] = "sent"
            case .released: span.attributes["clientele.outcome"] = "released"
            case let .retry(reason):
                span.attributes["clientele.outcome"] = "retry"
                span.setStatus(SpanStatus(code: .error, message: reason))
            case let .failed(reason):
                span.attributes["clientele.outcome"] = "failed"
                span.setStatus(SpanStatus(code: .error, message: reason))
            }
            return outcome
        }
    }

    /// Outcomes written together at most: a crash sends again no more than these and the sends in flight.
    static let recordEvery = 16
}
