import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// The import jobs running in this server process. Jobs left `running` by a stopped server are started again
/// at boot; at shutdown the running ones are cancelled between batches and resume at the next boot.
actor ImportJobQueue {
    private var tasks: [UUID: Task<Void, Never>] = [:]

    func start(_ runner: ImportJobRunner) {
        guard tasks[runner.jobID] == nil else { return }
        let id = runner.jobID
        tasks[id] = Task(executorPreference: ImportExecutor.shared) {
            do { try await runner.run() } catch {
                runner.logger.error("Import job \(id) failed: \(String(reflecting: error))")
            }
            await self.finished(id)
        }
    }

    /// Waits until every job started so far has ended.
    func isRunning(_ id: UUID) -> Bool { tasks[id] != nil }

    func waitUntilIdle() async {
        while let task = tasks.values.first { await task.value }
    }

    /// Stops every job between batches; answers their ids.
    @discardableResult
    func cancelAll() async -> [UUID] {
        let ids = Array(tasks.keys)
        let running = Array(tasks.values)
        for task in running { task.cancel() }
        for task in running { await task.value }
        return ids
    }

    private func finished(_ id: UUID) {
        tasks[id] = nil
    }
}

/// Starts the queue's leftover jobs when the server boots, takes over jobs another instance left (see `sweep`), and
/// stops this process's jobs when it shuts down (they resume at the next boot, or on another instance).
final class ImportJobLifecycle: LifecycleHandler, Sendable {
    private let loop = NIOLockedValueBox<Task<Void, Never>?>(nil)

    func didBootAsync(_ app: Application) async throws {
        // Only a server that migrated at boot knows the table is there (tests migrate after boot).
        guard StartupTasks.isServing(app), app.config.migrateOnBoot else { return }
        // Boot-time recovery across every organization: the one place import jobs are read unscoped. Two runners of
        // one job never both write: each batch commits only at the cursor it read (`ImportTally.commit`).
        let leftovers = try await Unscoped.query(ImportJob.self, on: app.db)
            .filter(\.$status == ImportJob.Status.running.rawValue).all()
        for job in leftovers {
            if !app.config.database.isSQLite {
                // Other instances may be running it: only a job nobody moved for the staleness (or one handed back at a
                // stop) is taken, by claim; the sweep looks again later.
                guard let updated = job.updatedAt, updated < Date().addingTimeInterval(-app.config.importStaleAfter),
                      try await Self.claim(job, on: app.db) else { continue }
            }
            app.logger.info("Resuming import job \(job.id!) at row \(job.rowsDone) of \(job.rowsTotal)")
            await app.importJobs.start(Self.runner(job, app: app))
        }
        let (interval, staleAfter) = (app.config.importSweepInterval, app.config.importStaleAfter)
        guard interval > 0 else { return }
        loop.withLockedValue { loop in
            loop = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
                    do { try await Self.sweep(app, staleAfter: staleAfter) } catch {
                        app.logger.warning("Import jobs: the sweep for stalled jobs failed: \(String(reflecting: error))")
                    }
                }
            }
        }
    }

    /// Starts here every running job whose cursor has not moved for `staleAfter`: the instance that ran it is gone.
    static func sweep(_ app: Application, staleAfter: TimeInterval) async throws {
        let stalled = try await Unscoped.query(ImportJob.self, on: app.db)
            .filter(\.$status == ImportJob.Status.running.rawValue)
            .filter(\.$updatedAt < Date().addingTimeInterval(-staleAfter)).all()
        for job in stalled where await !app.importJobs.isRunning(job.id!) {
            // Instances sweep at the same moments: only the one whose claim moves the job's clock runs it.
            guard try await claim(job, on: app.db) else { continue }
            app.logger.notice("Taking over import job \(job.id!) at row \(job.rowsDone) of \(job.rowsTotal): no progress for \(Int(staleAfter)) s")
            await app.importJobs.start(runner(job, app: app))
        }
    }

    /// Takes a stalled job for this instance: true when its `updated_at` was still what this instance read.
    static func claim(_ job: ImportJob, on database: any Database) async throws -> Bool {
        guard let seen = job.updatedAt else { return false }
        let rows = try await database.sql.raw("""
            UPDATE import_jobs SET updated_at = \(bind: Date())
            WHERE id = \(bind: job.id!) AND status = \(bind: ImportJob.Status.running.rawValue)
              AND updated_at BETWEEN \(bind: seen.addingTimeInterval(-0.001)) AND \(bind: seen.addingTimeInterval(0.001))
            RETURNING id
            """).all()
        return !rows.isEmpty
    }

    private static func runner(_ job: ImportJob, app: Application) -> ImportJobRunner {
        ImportJobRunner(database: ImportDatabase.database(for: app), jobID: job.id!, organizationID: job.organizationID, logger: app.logger)
    }

    func shutdownAsync(_ app: Application) async {
        let sweeping = loop.withLockedValue { loop in defer { loop = nil }; return loop }
        sweeping?.cancel()
        await sweeping?.value
        let stopped = await app.importJobs.cancelAll()
        let uploads = app.importSettings.directory.deletingLastPathComponent()
        if case .sqliteMemory = app.config.database,
           uploads.deletingLastPathComponent().standardizedFileURL == FileManager.default.temporaryDirectory.standardizedFileURL,
           uploads.lastPathComponent.hasPrefix("clientele-") {
            // An in-memory database's uploads die with it: their temporary folder (`ImportSettings`) goes too.
            try? FileManager.default.removeItem(at: uploads)
        }
        guard !stopped.isEmpty, StartupTasks.isServing(app), app.config.migrateOnBoot else { return }
        // Handed back: another instance's next sweep takes them over at once instead of after `importStaleAfter`.
        do {
            try await (try app.db.sql).raw("""
                UPDATE import_jobs SET updated_at = \(bind: Date(timeIntervalSince1970: 0))
                WHERE id IN (\(binds: stopped)) AND status = \(bind: ImportJob.Status.running.rawValue)
                """).run()
        } catch {
            app.logger.warning("Import jobs: could not hand back \(stopped.count) stopped job(s): \(String(reflecting: error))")
        }
    }
}

extension Application {
    private struct ImportJobQueueKey: StorageKey { typealias Value = ImportJobQueue }

    var importJobs: ImportJobQueue {
        if let queue = storage[ImportJobQueueKey.self] { return queue }
        let queue = ImportJobQueue()
        storage[ImportJobQueueKey.self] = queue
        return queue
    }
}
