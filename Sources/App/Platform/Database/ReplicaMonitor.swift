import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Asks the read replica every second whether it answers and how far its replay is behind. Lag-tolerant reads use it
/// only while it answers and lags less than the read-your-writes window (`ReadYourWrites.replicaUsable`): a replica
/// that is down, or too far behind for a writer's own writes to have reached it, sends every read to the primary.
final class ReplicaMonitor: LifecycleHandler, Sendable {
    private let interval: TimeInterval
    private let timeout: TimeInterval
    private let loop = NIOLockedValueBox<Task<Void, Never>?>(nil)

    /// `timeout`: a look that takes longer counts as no answer.
    init(interval: TimeInterval, timeout: TimeInterval) {
        self.interval = interval
        self.timeout = timeout
    }

    /// The replica's replay lag in seconds: 0 when it has replayed all it received (or is not a replica at all).
    static func lag(of replica: any Database) async throws -> Double {
        try await replica.sql.raw("""
            SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                   ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END::float8 AS lag
            """).first()?.decode(column: "lag", as: Double.self) ?? 0
    }

    /// The probe's own logger: while the replica is down, the connection pool would log an error for each failed
    /// look (one a second); the monitor logs the change of state once instead.
    private static let quiet: Logger = {
        var logger = Logger(label: "clientele.replica-monitor")
        logger.logLevel = .critical
        return logger
    }()

    /// The replica, for looks at its lag: with `quiet`.
    static func replica(_ app: Application) throws -> any Database {
        guard let database = app.databases.database(.replica, logger: quiet, on: app.eventLoopGroup.any()) else {
            throw Abort(.serviceUnavailable, reason: "No read replica is configured")
        }
        return database
    }

    /// One look: the verdict, and why when the replica is not usable.
    static func check(_ app: Application, window: TimeInterval, timeout: TimeInterval) async -> (usable: Bool, reason: String?) {
        do {
            let behind = try await withThrowingTaskGroup(of: Double.self) { group in
                group.addTask { try await Self.lag(of: Self.replica(app)) }
                group.addTask { try await Task.sleep(for: .seconds(timeout)); throw Abort(.gatewayTimeout) }
                defer { group.cancelAll() }
                return try await group.next()!
            }
            return behind < window ? (true, nil) : (false, "its replay is \(Int(behind)) s behind")
        } catch {
            return (false, "it does not answer: \(String(reflecting: error))")
        }
    }

    func didBootAsync(_ app: Application) async throws {
        guard let tracker = app.readYourWrites else { return }
        let (window, logger, timeout) = (app.config.readYourWritesWindow, app.logger, self.timeout)
        tracker.replicaUsable = await Self.check(app, window: window, timeout: timeout).usable
        let interval = UInt64(self.interval * 1_000_000_000)
        loop.withLockedValue { loop in
            loop = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(nanoseconds: interval)
                    let (usable, reason) = await Self.check(app, window: window, timeout: timeout)
                    if Task.isCancelled { break }  // shutting down: the look was cut short, not failed
                    if usable != tracker.replicaUsable {
                        if usable { logger.notice("read replica: in use again") } else {
                            logger.warning("read replica: not used while \(reason ?? "it is unusable"); lag-tolerant reads go to the primary")
                        }
                    }
                    tracker.replicaUsable = usable
                }
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        let task = loop.withLockedValue { loop in defer { loop = nil }; return loop }
        task?.cancel()
        await task?.value
    }
}
