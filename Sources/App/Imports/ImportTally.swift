import Fluent
import Foundation
import SQLKit

/// The counts of a job, advanced batch by batch. `commit` writes them with the cursor in the batch's own
/// transaction, and only if the cursor is still where this runner left it — so no row is applied twice.
struct ImportTally: Sendable {
    var rowsDone: Int
    var created: Int
    var updated: Int
    var unchanged: Int
    var rejected: Int
    var rejectedRows: [ImportRejection]

    init(_ job: ImportJob) {
        rowsDone = job.rowsDone
        created = job.createdCount
        updated = job.updatedCount
        unchanged = job.unchangedCount
        rejected = job.rejectedCount
        rejectedRows = (try? JSONDecoder().decode([ImportRejection].self, from: Data(job.rejectedRowsJSON.utf8))) ?? []
    }

    mutating func count(_ outcome: ImportRowApplier.Outcome) {
        switch outcome {
        case .created: created += 1
        case .updated: updated += 1
        case .unchanged: unchanged += 1
        case let .rejected(rejections):
            rejected += 1
            for rejection in rejections where rejectedRows.count < ImportReport.maxListed { rejectedRows.append(rejection) }
        }
    }

    func commit(jobID: UUID, expectedCursor: Int, on database: any Database) async throws {
        let json = String(decoding: try JSONEncoder().encode(rejectedRows), as: UTF8.self)
        let rows = try await SQLRows.all("""
            UPDATE import_jobs SET rows_done = \(bind: rowsDone), created_count = \(bind: created),
            updated_count = \(bind: updated), unchanged_count = \(bind: unchanged), rejected_count = \(bind: rejected),
            rejected_rows = \(bind: json), updated_at = \(bind: Date())
            WHERE id = \(bind: jobID) AND rows_done = \(bind: expectedCursor) RETURNING rows_done
            """, on: try database.sql)
        guard !rows.isEmpty else { throw ImportJobRunner.Interrupted() }
    }
}
