import Fluent
import Foundation
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
    func waitUntilIdle() async {
        while let task = tasks.values.first { await task.value }
    }

    func cancelAll() async {
        let running = Array(tasks.values)
        for task in running { task.cancel() }
        for task in running { await task.value }
    }

    private func finished(_ id: UUID) {
        tasks[id] = nil
    }
}

/// Starts the queue's leftover jobs when the server boots and stops them when it shuts down.
struct ImportJobLifecycle: LifecycleHandler {
    func didBootAsync(_ app: Application) async throws {
        // Only a server that migrated at boot knows the table is there (tests migrate after boot).
        guard StartupTasks.isServing(app), app.config.migrateOnBoot else { return }
        // Boot-time recovery across every organization: the one place import jobs are read unscoped.
        let leftovers = try await Unscoped.query(ImportJob.self, on: app.db)
            .filter(\.$status == ImportJob.Status.running.rawValue).all()
        for job in leftovers {
            app.logger.info("Resuming import job \(job.id!) at row \(job.rowsDone) of \(job.rowsTotal)")
            await app.importJobs.start(ImportJobRunner(database: ImportDatabase.database(for: app), jobID: job.id!, organizationID: job.organizationID,
                                                       logger: app.logger))
        }
    }

    func shutdownAsync(_ app: Application) async {
        await app.importJobs.cancelAll()
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
