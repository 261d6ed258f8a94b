import ClienteleStore
import Fluent
import Foundation
import SQLKit

/// How far a daily job got in one organization: the last day it finished (`YYYY-MM-DD` in the organization's zone).
/// A run starts the day after, so a restart that missed days catches up.
struct OrganizationJobMark {
    let database: any Database
    let organizationID: UUID
    let job: String

    func doneThrough() async throws -> CalendarDate? {
        let row = try await SQLRows.first("""
            SELECT done_through FROM organization_job_marks WHERE organization_id = \(bind: organizationID) AND job = \(bind: job)
            """, on: try database.sql)
        return try row.flatMap { CalendarDate(try $0.decode(column: "done_through", as: String.self)) }
    }

    func set(_ day: CalendarDate, now: Date = Date()) async throws {
        try await SQLRows.run("""
            INSERT INTO organization_job_marks (organization_id, job, done_through, updated_at)
            VALUES (\(bind: organizationID), \(bind: job), \(bind: day.description), \(bind: now))
            ON CONFLICT (organization_id, job) DO UPDATE SET done_through = excluded.done_through, updated_at = excluded.updated_at
            """, on: try database.sql)
    }
}
