import ClienteleStore
import Fluent
import Foundation
import SQLKit

/// One runner of a scheduled job at a time across every app instance: a row per job whose lease a runner takes with
/// one conditional `UPDATE`. A runner that dies leaves a lease that others take once it ran out. The jobs themselves
/// stay safe without it (their writes are keyed), the lease only keeps two instances from doing the work twice.
struct ScheduledJobLease {
    let database: any Database
    let name: String
    let owner: String

    /// Takes the lease for `seconds` when it is free or ran out; false when another runner holds it.
    func acquire(for seconds: TimeInterval, now: Date = Date()) async throws -> Bool {
        let sql = try database.sql
        try await SQLRows.run("INSERT INTO scheduled_jobs (name) VALUES (\(bind: name)) ON CONFLICT (name) DO NOTHING", on: sql)
        let taken = try await SQLRows.all("""
            UPDATE scheduled_jobs SET lease_owner = \(bind: owner), lease_until = \(bind: now.addingTimeInterval(seconds))
            WHERE name = \(bind: name) AND (lease_until IS NULL OR lease_until < \(bind: now) OR lease_owner = \(bind: owner))
            RETURNING name
            """, on: sql)
        return !taken.isEmpty
    }

    /// Hands the lease back and records the run's end.
    func release(now: Date = Date()) async throws {
        try await SQLRows.run("""
            UPDATE scheduled_jobs SET lease_owner = NULL, lease_until = NULL, last_finished_at = \(bind: now)
            WHERE name = \(bind: name) AND lease_owner = \(bind: owner)
            """, on: try database.sql)
    }
}
