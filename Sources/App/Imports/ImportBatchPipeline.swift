import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// An import's batches on PostgreSQL, two at a time: the next batch is applied in a transaction of its own while the
/// one before it is still being written, so that the server's work on one and PostgreSQL's on the other overlap.
/// Written one after the other, a batch's statements and the server's work between them took turns, and an import
/// kept about 1.4 of 2 cores busy.
///
/// The file's order still holds:
/// - A batch sees every row before it. One that names a person the batch beside it names (a shared phone, email or
///   name key), or may match a stored customer that batch may match, waits for that batch to end before it writes
///   anything, and then reads its matches again (`ImportBatchApplier.onMatches`).
/// - Batches commit in order, each counting on from the tally the one before it committed. A batch takes an advisory
///   lock of its own first thing, and the lock of the batch before it just before it moves the cursor: it gets it once
///   that batch has committed or rolled back. PostgreSQL sees that wait, so a cycle of waits between the two (one row
///   waiting for a key the other wrote) is found and broken as a deadlock.
/// - A batch that fails, for whatever reason (a row breaking a database rule, a deadlock, the batch before it failing),
///   is applied again alone, as on SQLite (`ImportJobRunner.apply`), once the batch before it has settled.
struct ImportBatchPipeline {
    private let runner: ImportJobRunner
    private let service: CustomerService
    private let policy: ImportMatchPolicy
    private let startedAt: Date
    /// The tally of the batches settled so far.
    private(set) var tally: ImportTally
    /// The cursor after the batches started so far.
    private var cursor: Int
    private var flight: ImportBatchFlight?

    init(runner: ImportJobRunner, service: CustomerService, policy: ImportMatchPolicy, startedAt: Date, tally: ImportTally) {
        self.runner = runner
        self.service = service
        self.policy = policy
        self.startedAt = startedAt
        self.tally = tally
        cursor = tally.rowsDone
    }

    /// Starts `rows` beside the batch in flight (once that one holds its lock and knows its matches), then waits for
    /// that one to settle. Answers the rows of the batch that settled, if any.
    mutating func push(_ rows: [ImportRow]) async throws -> [ImportRow]? {
        let previous = flight
        var previousMatches = Set<UUID>()
        if let previous { previousMatches = await previous.storedMatches() }
        let next = ImportBatchFlight(rows: rows, cursor: cursor, jobID: runner.jobID)
        let link = ImportBatchFlight.Link(own: next, previous: previous, previousMatches: previousMatches)
        let (runner, service, policy, startedAt, base) = (self.runner, self.service, self.policy, self.startedAt, tally)
        next.start {
            try await runner.commit(rows, from: base, service: service, policy: policy, startedAt: startedAt, link: link)
        }
        cursor += rows.count
        flight = next
        guard let previous else { return nil }
        try await settle(previous, dependent: next)
        return previous.rows
    }

    /// Waits for the last batch to settle.
    mutating func finish() async throws {
        guard let last = flight else { return }
        flight = nil
        try await settle(last, dependent: nil)
    }

    /// Waits for the batch in flight to end, whatever its outcome (the job stops).
    func abandon() async {
        _ = try? await flight?.value()
    }

    private mutating func settle(_ batch: ImportBatchFlight, dependent: ImportBatchFlight?) async throws {
        do {
            tally = try await batch.value()
        } catch let error where !(error is ImportJobRunner.Interrupted) && !(error is CancellationError) {
            // The batch after it can only fail now (it commits after this one): it ends first, so that the batch
            // applied again never waits for what that one wrote.
            _ = try? await dependent?.value()
            tally = try await runner.apply(batch.rows, from: tally, service: service, policy: policy, startedAt: startedAt)
        } catch {
            _ = try? await dependent?.value()
            throw error
        }
    }
}

/// One batch of `ImportBatchPipeline`, being written.
final class ImportBatchFlight: @unchecked Sendable {
    let rows: [ImportRow]
    /// The keys its rows know people by (`ImportIdentity.keys`).
    let keys: Set<String>
    /// Its advisory lock: the job's key and the cursor before the batch.
    let lockKey: (job: Int32, batch: Int32)
    private let lock = NIOLock()
    private var matches: Set<UUID>?
    private var waiters: [CheckedContinuation<Set<UUID>, Never>] = []
    private var outcome: Result<ImportTally, any Error>?
    private var outcomeWaiters: [CheckedContinuation<Result<ImportTally, any Error>, Never>] = []

    init(rows: [ImportRow], cursor: Int, jobID: UUID) {
        self.rows = rows
        keys = Set(rows.flatMap { row -> [String] in
            guard case let .success(changes)? = row.validated else { return [] }
            return ImportIdentity(changes).keys.map(\.key)
        })
        let id = jobID.uuid
        lockKey = (Int32(bitPattern: UInt32(id.0) << 24 | UInt32(id.1) << 16 | UInt32(id.2) << 8 | UInt32(id.3)),
                   Int32(truncatingIfNeeded: cursor))
    }

    /// Runs `body` in a task of its own. The task is not kept: the batch keeps only its outcome, so that a written
    /// batch lets go of the batch before it (which the task's closure holds through `Link`), and a long import does
    /// not keep every batch it wrote.
    func start(_ body: @escaping @Sendable () async throws -> ImportTally) {
        Task {
            defer { publish([]) }
            do { finish(.success(try await body())) } catch { finish(.failure(error)) }
        }
    }

    /// The tally after the batch committed; throws what failed it.
    func value() async throws -> ImportTally {
        try await withCheckedContinuation { continuation in
            let ready: Result<ImportTally, any Error>? = lock.withLock {
                if outcome == nil { outcomeWaiters.append(continuation) }
                return outcome
            }
            if let ready { continuation.resume(returning: ready) }
        }.get()
    }

    private func finish(_ result: Result<ImportTally, any Error>) {
        let waiting: [CheckedContinuation<Result<ImportTally, any Error>, Never>] = lock.withLock {
            outcome = result
            defer { outcomeWaiters = [] }
            return outcomeWaiters
        }
        for waiter in waiting { waiter.resume(returning: result) }
    }

    /// The stored customers the batch may match, once it has read them (none, when it ended before that).
    func storedMatches() async -> Set<UUID> {
        await withCheckedContinuation { continuation in
            let ready: Set<UUID>? = lock.withLock {
                if matches == nil { waiters.append(continuation) }
                return matches
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Tells the batch's matches (the first time only).
    func publish(_ ids: Set<UUID>) {
        let waiting: [CheckedContinuation<Set<UUID>, Never>] = lock.withLock {
            guard matches == nil else { return [] }
            matches = ids
            defer { waiters = [] }
            return waiters
        }
        for waiter in waiting { waiter.resume(returning: ids) }
    }

    func takeLock(on database: any SQLDatabase) async throws {
        try await database.raw("SELECT pg_advisory_xact_lock(\(bind: lockKey.job), \(bind: lockKey.batch))").run()
    }

    /// What a batch's transaction knows of the pipeline.
    struct Link: Sendable {
        let own: ImportBatchFlight
        /// The batch before it, still being written when this one started.
        let previous: ImportBatchFlight?
        let previousMatches: Set<UUID>

        /// `ImportBatchApplier.onMatches`: when this batch shares a person with the batch before it, or matches its
        /// rows one by one (`ids` nil), waits for that one to end and answers true (once): the matches are read again.
        func matched(_ ids: Set<UUID>?) async -> Bool {
            if let previous, own.markWaiting(),
               ids == nil || !previous.keys.isDisjoint(with: own.keys) || !previousMatches.isDisjoint(with: ids!) {
                _ = try? await previous.value()
                return true
            }
            own.publish(ids ?? [])
            return false
        }

        /// The tally the batch before committed, once it has (it throws when that batch failed).
        func tallyBefore(on database: any SQLDatabase) async throws -> ImportTally? {
            guard let previous else { return nil }
            try await previous.takeLock(on: database)
            return try await previous.value()
        }
    }

    /// True the first time only: a batch waits for the one before it at most once.
    private func markWaiting() -> Bool {
        lock.withLock {
            defer { asked = true }
            return !asked
        }
    }
    private var asked = false
}
