import ClienteleStore
import Fluent
import Foundation
import SQLKit

/// The birthday bonus: once a year, on the customer's birthday in the organization's time zone (29 February
/// birthdays on 28 February in other years). Each day from the day after the organization's mark through today is
/// handed out, so a run after a restart that missed days catches up. Every bonus is keyed `birthday:<year>` per
/// customer (a unique index): a second run, or one on another instance at the same time, grants nothing twice.
struct BirthdayBonusJob {
    static let name = "birthdays"
    /// The most days one run catches up.
    static let maxCatchUpDays = 366
    static let batchSize = 500

    let database: any Database

    struct Outcome: Sendable {
        var bonuses = 0
        var points = 0
    }

    func run(for organization: Organization, now: Date, progress: (Int) -> Void = { _ in }) async throws -> Outcome {
        let program = organization.loyaltyProgram
        let organizationID = try organization.requireID()
        let zone = TimeZone(identifier: organization.timezone) ?? .gmt
        let today = CalendarDate(now, in: zone)
        let mark = OrganizationJobMark(database: database, organizationID: organizationID, job: Self.name)
        var outcome = Outcome()
        guard program.enabled, program.birthdayBonus > 0 else {
            // Nothing to hand out; a programme switched on later starts from its own day.
            try await mark.set(today, now: now)
            return outcome
        }
        var day = try await mark.doneThrough()?.next ?? today
        var earliest = today
        for _ in 0..<Self.maxCatchUpDays { earliest = earliest.previous }
        if day < earliest { day = earliest }
        while !(today < day) {
            try await grant(on: day, organizationID: organizationID, program: program, zone: zone, now: now, into: &outcome, progress: progress)
            try await mark.set(day, now: now)
            day = day.next
        }
        return outcome
    }

    private func grant(on day: CalendarDate, organizationID: UUID, program: LoyaltyProgram, zone: TimeZone, now: Date,
                       into outcome: inout Outcome, progress: (Int) -> Void) async throws {
        let key = "birthday:\(day.year)"
        let monthDays = BirthdayCalendar.monthDays(celebratedOn: day)
        // Customers who existed by the end of the day and were born by then.
        let dayEnd = day.next.start(in: zone)
        var after: Int64 = 0
        while true {
            let rows = try await SQLRows.all("""
                SELECT seq, id FROM customers WHERE organization_id = \(bind: organizationID) AND seq > \(bind: after)
                AND birthday IS NOT NULL AND substr(birthday, 6, 5) IN (\(binds: monthDays)) AND birthday <= \(bind: day.description)
                AND created_at < \(bind: dayEnd)
                AND NOT EXISTS (SELECT 1 FROM loyalty_entries e WHERE e.organization_id = customers.organization_id
                                AND e.customer_id = customers.id AND e.bonus_key = \(bind: key))
                ORDER BY seq LIMIT \(literal: Self.batchSize)
                """, on: try database.sql)
            guard let last = rows.last else { return }
            after = try last.decode(column: "seq", as: Int64.self)
            let ids = try rows.map { try $0.decode(column: "id", as: UUID.self) }
            let granted = try await WriteTransaction.run(on: database, rerunnable: true) { db in
                let ledger = LoyaltyLedger(database: db, organizationID: organizationID, program: program, actor: nil)
                var granted = 0
                for id in ids {
                    do {
                        if try await ledger.post(.init(kind: .bonus, points: program.birthdayBonus, reason: "birthday", bonusKey: key),
                                                 to: id, at: now) != nil { granted += 1 }
                    } catch LoyaltyLedger.Refusal.customerNotFound {
                        continue   // deleted since it was read
                    } catch LoyaltyLedger.Refusal.aboveMaximum {
                        continue   // a balance at its ceiling gets nothing more
                    }
                }
                return granted
            }
            outcome.bonuses += granted
            outcome.points += granted * program.birthdayBonus
            progress(outcome.bonuses)
        }
    }
}
