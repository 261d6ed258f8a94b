import Fluent
import NIOConcurrencyHelpers
import Vapor

/// Runs the loyalty jobs in a serving process: shortly after the start (catching up what a stop missed), then every
/// `loyaltyJobInterval`. Every instance tries; the lease lets one of them work at a time.
final class LoyaltyJobsLifecycle: LifecycleHandler, Sendable {
    private let interval: TimeInterval
    private let loop = NIOLockedValueBox<Task<Void, Never>?>(nil)

    init(interval: TimeInterval) { self.interval = interval }

    func didBootAsync(_ app: Application) async throws {
        guard interval > 0 else { return }
        let interval = self.interval
        let jobs = LoyaltyJobs(database: app.db, owner: "serve-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))",
                               logger: app.logger)
        let logger = app.logger
        loop.withLockedValue { loop in
            loop = Task {
                try? await Task.sleep(nanoseconds: 5_000_000_000)
                while !Task.isCancelled {
                    do { _ = try await jobs.run() } catch { logger.error("loyalty jobs failed: \(String(reflecting: error))") }
                    try? await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
                }
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        let running = loop.withLockedValue { loop in defer { loop = nil }; return loop }
        running?.cancel()
        await running?.value
    }
}
