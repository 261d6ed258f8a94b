import Foundation
import Vapor

extension ImportJob {
    /// An import job as the API shows it: status, progress and the report so far.
    struct Public: Content {
        let job: ImportJob

        init(_ job: ImportJob) { self.job = job }

        init(from decoder: any Decoder) throws {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "output only"))
        }

        enum Key: String, CodingKey {
            case id, status, progress, created, updated, unchanged, rejected, error
            case onMatch = "on_match", rowsTotal = "rows_total", rowsDone = "rows_done", rejectedRows = "rejected_rows"
            case createdAt = "created_at", updatedAt = "updated_at", finishedAt = "finished_at"
        }

        func encode(to encoder: any Encoder) throws {
            var out = encoder.container(keyedBy: Key.self)
            try out.encode(job.id, forKey: .id)
            try out.encode(job.status, forKey: .status)
            try out.encode(job.onMatch, forKey: .onMatch)
            try out.encode(job.rowsTotal, forKey: .rowsTotal)
            try out.encode(job.rowsDone, forKey: .rowsDone)
            try out.encode(job.rowsTotal == 0 ? 1.0 : Double(job.rowsDone) / Double(job.rowsTotal), forKey: .progress)
            try out.encode(job.createdCount, forKey: .created)
            try out.encode(job.updatedCount, forKey: .updated)
            try out.encode(job.unchangedCount, forKey: .unchanged)
            try out.encode(job.rejectedCount, forKey: .rejected)
            let rejected = (try? JSONDecoder().decode([ImportRejection].self, from: Data(job.rejectedRowsJSON.utf8))) ?? []
            try out.encode(rejected, forKey: .rejectedRows)
            try out.encode(job.error, forKey: .error)
            try out.encode(job.createdAt, forKey: .createdAt)
            try out.encode(job.updatedAt, forKey: .updatedAt)
            try out.encode(job.finishedAt, forKey: .finishedAt)
        }
    }
}
