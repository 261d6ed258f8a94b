import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Brings every organization's kept pairs up to date in the background of a serving process, every `interval`: the
/// duplicates page then finds only the few seconds of changes since to compute (a refresh of thousands of changed
/// customers takes seconds at a million). Several instances may run it at once: a refresh writes the same pairs
/// whoever runs it and clears only the marks it read (`DuplicatePairIndex`).
final class DuplicatePairUpkeep: LifecycleHandler, Sendable {
    private let interval: TimeInterval
    private let loop = NIOLockedValueBox<Task<Void, Never>?>(nil)

    init(interval: TimeInterval) { self.interval = interval }

    /// An import that wrote a batch this recently is running: its organization is left to it.
    static let importQuietSeconds: TimeInterval = 120

    /// One pass: the organizations with stale customers, each refreshed — except those with an import under way, and
    /// those this process is refreshing already (an import's last step, the duplicates page).
    /// An import marks thousands of customers stale every few seconds, so each pass would compute every pair of the
    /// organization again (`DuplicatePairIndex.incrementalLimit`), seconds of CPU at a million customers taken from
    /// the import itself; the import refreshes the pairs once when it finishes (`ImportJobRunner`). A job that stopped
    /// writing (its instance died and none took it over yet) no longer holds the organization back.
    static func run(on database: any Database) async throws {
        let importing = Date().addingTimeInterval(-importQuietSeconds)
        let organizations = try await (try database.sql).raw("""
            SELECT DISTINCT organization_id FROM duplicate_pairs_stale WHERE organization_id NOT IN (
            SELECT organization_id FROM import_jobs WHERE status = \(bind: ImportJob.Status.running.rawValue) AND updated_at > \(bind: importing))
            LIMIT 1000
            """).all().map { try $0.decode(column: "organization_id", as: UUID.self) }
        for organizationID in organizations {
            try await DuplicatePairIndex(database: database, organizationID: organizationID).refresh(unlessRunning: true)
        }
    }

    func didBootAsync(_ app: Application) async throws {
        // Only a server that migrated at boot knows the tables are there (tests migrate after boot).
        guard app.config.migrateOnBoot else { return }
        let (database, logger, interval) = (app.db, app.logger, UInt64(interval * 1_000_000_000))
        loop.withLockedValue { loop in
            loop = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(nanoseconds: interval)
                    do { try await Self.run(on: database) } catch is CancellationError { return } catch {
                        logger.warning("duplicate pairs: the background refresh failed: \(String(reflecting: error))")
                    }
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
