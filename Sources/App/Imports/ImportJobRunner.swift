import Fluent
import Foundation
import Tracing
import Vapor

/// Runs an import job from its cursor to the end of its file, 500 rows per transaction (about a hundred milliseconds of
/// writing, so that other writers never wait long; see `ImportBatchApplier`). Each batch's rows and the advanced
/// cursor commit together, so after a crash the job resumes at the first row not yet applied.
struct ImportJobRunner {
    static let batchSize = 500
    /// Batches read ahead of the one being written.
    static let batchesAhead = 2
    /// An import that created at least this many customers merges the search index (SQLite) or analyzes the tables it
    /// filled (PostgreSQL) when done.
    static let mergeIndexAfter = 10_000
    /// In the server every writer queues in the SQLite write gate, which lets the writers waiting there in between two
    /// batches. A writer in another process (the server, while `clientele import` runs) can only retry on SQLite's
    /// timer of up to 100 ms: a job run from the command line steps aside for longer than that after each second
    /// of batches, so such a writer never starves.
    static let pauseEvery = Duration.seconds(1)
    static let pause = Duration.milliseconds(120)

    /// Another runner advanced the cursor, or the job was stopped: this one stops without writing.
    struct Interrupted: Error {}

    let database: any Database
    let jobID: UUID
    let organizationID: UUID
    let logger: Logger
    /// True outside the server (see `pauseEvery`).
    var stepsAsideForOtherProcesses = false

    /// The whole job as one span (`import job`) when traces are exported.
    func run(progress: @Sendable (Int, Int) -> Void = { _, _ in }) async throws {
        try await withSpan("import job") { span in
            span.attributes["clientele.import_job_id"] = jobID.uuidString
            span.attributes["clientele.organization_id"] = organizationID.uuidString
            try await runJob(progress: progress)
        }
    }

    private func runJob(progress: @Sendable (Int, Int) -> Void) async throws {
        let tenant = Tenant(organizationID: organizationID)
        guard let job = try await tenant.find(ImportJob.self, id: jobID, on: database),
              job.status == ImportJob.Status.running.rawValue else { return }
        do {
            let service = try await makeService(for: job, tenant: tenant)
            let reader = try ImportFileReader(path: job.filePath)
            let mapping = try ImportColumnMapping(header: reader.header, explicit: ImportColumnMapping.decodeStored(job.mappingJSON))
            let policy = ImportMatchPolicy(rawValue: job.onMatch) ?? .fill
            try reader.skip(job.rowsDone)
            var tally = ImportTally(job)
            progress(tally.rowsDone, job.rowsTotal)
            let batches = ImportBatchReader(reader: reader, mapping: mapping, service: service, size: Self.batchSize)
            var batch = try batches.next()
            var lastPause = ContinuousClock.now
            let startedAt = job.createdAt ?? .distantPast
            // PostgreSQL writes two batches at once (`ImportBatchPipeline`); SQLite has one writer.
            var pipeline = SQLDialectKind(database) == .postgres && service.access.seesWholeOrganization
                ? ImportBatchPipeline(runner: self, service: service, policy: policy, startedAt: startedAt, tally: tally)
                : nil
            // The next batches are read, validated and built on the reader's thread while this one is written, two
            // ahead, so that neither thread waits for the other when one batch takes longer than the one after it.
            var upcoming = (0..<Self.batchesAhead).map { _ in batches.readAhead() }
            while !batch.isEmpty {
                do {
                    try Task.checkCancellation()
                    if pipeline != nil {
                        if let written = try await pipeline!.push(batch) { batches.release(written) }
                        tally = pipeline!.tally
                    } else {
                        tally = try await apply(batch, from: tally, service: service, policy: policy, startedAt: startedAt)
                        batches.release(batch)
                    }
                } catch {
                    await pipeline?.abandon()
                    for pending in upcoming { _ = try? await pending.rows }
                    throw error
                }
                batch = try await upcoming.removeFirst().rows
                upcoming.append(batches.readAhead())
                progress(tally.rowsDone, job.rowsTotal)
                if stepsAsideForOtherProcesses, ContinuousClock.now - lastPause > Self.pauseEvery {
                    try await Task.sleep(for: Self.pause)
                    lastPause = ContinuousClock.now
                }
            }
            if pipeline != nil {
                do { try await pipeline!.finish() } catch {
                    for pending in upcoming { _ = try? await pending.rows }
                    throw error
                }
                tally = pipeline!.tally
                progress(tally.rowsDone, job.rowsTotal)
            }
            try await finish(job, status: .done, error: nil)
            if tally.created >= Self.mergeIndexAfter {
                // The search index merged (SQLite) or fresh planner statistics (PostgreSQL). The job is done already;
                // this is upkeep.
                do {
                    try await CustomerSearchIndex.afterBulkLoad(on: database)
                } catch {
                    logger.warning("Merging the search index or analyzing the tables after import \(jobID) stopped: \(String(reflecting: error))")
                }
            }
            // The duplicates page's pairs, for the new and changed customers (upkeep too: the page would do it).
            do { try await DuplicatePairIndex(database: database, organizationID: job.organizationID).refresh() } catch {
                logger.warning("Finding duplicate pairs after import \(jobID) stopped: \(String(reflecting: error))")
            }
        } catch is CancellationError {
            return
        } catch is Interrupted {
            return
        } catch let problem as Problem {
            try await finish(job, status: .failed, error: problem.detail)
        } catch {
            logger.error("Import job \(jobID) stopped: \(String(reflecting: error))")
            throw error
        }
    }

    /// The rows in one transaction (as many as fit its time); when that fails (a row breaks a database rule), each row alone, so that one
    /// bad row is reported and the others still go in.
    func apply(_ batch: [ImportRow], from tally: ImportTally, service: CustomerService,
               policy: ImportMatchPolicy, startedAt: Date) async throws -> ImportTally {
        do {
            return try await commit(batch, from: tally, service: service, policy: policy, startedAt: startedAt)
        } catch let error where batch.count > 1 && !(error is Interrupted) && !(error is CancellationError) {
            logger.info("Import job \(jobID): the batch from row \(batch[0].number) goes row by row: \(String(reflecting: error))")
            var current = tally
            for row in batch {
                do {
                    current = try await commit([row], from: current, service: service, policy: policy, startedAt: startedAt)
                } catch let error where !(error is Interrupted) && !(error is CancellationError) {
                    var failed = current
                    failed.rowsDone += 1
                    failed.count(.rejected([ImportRejection(row: row.number, field: "row", reason: "could not be saved: \(error)")]))
                    let jobID = self.jobID
                    try await ImportBatchTransaction.run(on: database) { [failed, current] db in
                        try await failed.commit(jobID: jobID, expectedCursor: current.rowsDone, on: db)
                    }
                    current = failed
                }
            }
            return current
        }
    }

    /// The rows in one transaction; beside another batch's when `link` says so (`ImportBatchPipeline`).
    func commit(_ rows: [ImportRow], from tally: ImportTally, service: CustomerService, policy: ImportMatchPolicy,
                startedAt: Date, link: ImportBatchFlight.Link? = nil) async throws -> ImportTally {
        let jobID = self.jobID
        let organizationID = self.organizationID
        return try await ImportBatchTransaction.run(on: database) { db in
            try await link?.own.takeLock(on: try db.sql)
            let erased = try await ImportErasures.since(startedAt, organizationID: organizationID, on: db)
            var applier = ImportBatchApplier(service: service.on(db), policy: policy, erased: erased)
            if let link { applier.onMatches = { await link.matched($0) } }
            let outcomes = try await applier.apply(rows)
            var next = try await link?.tallyBefore(on: try db.sql) ?? tally
            let cursor = next.rowsDone
            for outcome in outcomes {
                next.rowsDone += 1
                if let outcome { next.count(outcome) }
            }
            try await next.commit(jobID: jobID, expectedCursor: cursor, on: db)
            return next
        }
    }

    private func makeService(for job: ImportJob, tenant: Tenant) async throws -> CustomerService {
        guard let organization = try await Organization.find(organizationID, on: database) else {
            throw Problem.notFound("organization")
        }
        // A super admin belongs to no organization: it is found unscoped, and acts in the job's organization.
        guard let userID = job.createdByID, let user = try await Unscoped.query(User.self, on: database).filter(\.$id == userID).first(),
              user.isSuperAdmin || user.$organization.id == organizationID else {
            throw Problem.badRequest("The user who started this import no longer exists")
        }
        let principal = Principal(user: user, tokenID: UUID(), organizationID: organizationID)
        return CustomerService(database: database, access: try CustomerAccess(principal), organization: organization,
                               actor: .user(user, source: "import"))
    }

    private func finish(_ job: ImportJob, status: ImportJob.Status, error: String?) async throws {
        let path = job.filePath
        let tenant = Tenant(organizationID: organizationID)
        let jobID = self.jobID
        try await ImportBatchTransaction.run(on: database) { db in
            try await tenant.query(ImportJob.self, on: db).filter(\.$id == jobID)
                .set(\.$status, to: status.rawValue).set(\.$error, to: error).set(\.$finishedAt, to: Date()).update()
        }
        // The uploaded file holds personal data: it is not kept once the job has ended.
        try? FileManager.default.removeItem(atPath: path)
    }
}

extension CustomerService {
    /// The same service writing through another connection (a transaction).
    func on(_ database: any Database) -> CustomerService {
        CustomerService(database: database, access: access, organization: organization, actor: actor, guestContacts: guestContacts)
    }
}
