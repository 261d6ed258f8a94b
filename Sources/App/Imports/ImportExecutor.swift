import Dispatch

/// The thread import jobs run on, instead of an event loop. An import batch holds SQLite's write lock for about a
/// hundred milliseconds, and its statements run on the thread that runs the job (`SQLRows.onCallingThread`, set by
/// `ImportBatchTransaction`): on an event loop that would hold up every request of that loop for as long.
final class ImportExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = ImportExecutor(label: "clientele.import")
    /// Dry runs read whole files too, but must never hold up a job's batch (which holds the write lock).
    static let dryRuns = ImportExecutor(label: "clientele.import-dry-run")

    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
