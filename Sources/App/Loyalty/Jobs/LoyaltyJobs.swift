import ClienteleStore
import Fluent
import Foundation
import Logging

/// The loyalty jobs, birthdays then expiry, over every organization, under one lease (`ScheduledJobLease`) so that
/// one instance runs them at a time. Run by each serving process every `loyaltyJobInterval` (the first runner to
/// find the lease free does the work) and by `clientele loyalty run`.
struct LoyaltyJobs {
    static let leaseName = "loyalty"
    static let leaseSeconds: TimeInterval = 15 * 60

    enum Only: String, Sendable { case birthdays, expiry }

    struct Report: Sendable {
        var ran = false
        var birthdays = BirthdayBonusJob.Outcome()
        var expiry = PointsExpiryJob.Outcome()
        var birthdaySeconds = 0.0
        var expirySeconds = 0.0
    }

    let database: any Database
    let owner: String
    let logger: Logger

    /// Runs the jobs as of `now` when this runner gets the lease; `progress` hears of each batch.
    func run(now: Date = Date(), only: Only? = nil, progress: @escaping (String) -> Void = { _ in }) async throws -> Report {
        var report = Report()
        let lease = ScheduledJobLease(database: database, name: Self.leaseName, owner: owner)
        guard try await lease.acquire(for: Self.leaseSeconds) else { return report }
        report.ran = true
        do {
            let organizations = try await Unscoped.query(Organization.self, on: database).all()
            if only != .expiry {
                let start = Date()
                for organization in organizations {
                    let outcome = try await BirthdayBonusJob(database: database).run(for: organization, now: now) { count in
                        progress("birthdays: \(organization.slug): \(count) bonuses")
                    }
                    report.birthdays.bonuses += outcome.bonuses
                    report.birthdays.points += outcome.points
                }
                report.birthdaySeconds = Date().timeIntervalSince(start)
            }
            if only != .birthdays {
                let start = Date()
                for organization in organizations {
                    let outcome = try await PointsExpiryJob(database: database).run(for: organization.requireID(), now: now) { so_far in
                        progress("expiry: \(organization.slug): \(so_far.customers) customers, \(so_far.points) points")
                    }
                    report.expiry.customers += outcome.customers
                    report.expiry.points += outcome.points
                }
                report.expirySeconds = Date().timeIntervalSince(start)
            }
        } catch {
            try? await lease.release()
            throw error
        }
        try await lease.release()
        if report.birthdays.bonuses > 0 || report.expiry.customers > 0 {
            logger.info("loyalty jobs: \(report.summary)")
        }
        return report
    }
}

extension LoyaltyJobs.Report {
    var summary: String {
        String(format: "birthdays: %d bonuses (%d points) in %.2f s; expiry: %d customers, %d points in %.2f s",
               birthdays.bonuses, birthdays.points, birthdaySeconds, expiry.customers, expiry.points, expirySeconds)
    }
}
