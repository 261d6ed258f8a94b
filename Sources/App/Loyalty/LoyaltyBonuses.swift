import ClienteleStore
import Fluent
import Foundation
import SQLKit

/// The sign-up bonus, given in the transaction that creates the customer, whichever route creates it (API, dashboard,
/// intake, orders with `customer: {…}`, imports): once per customer (`bonus_key` `signup`).
struct LoyaltyBonuses {
    static let signupKey = "signup"
    static let signupReason = "signup"

    let database: any Database
    let organizationID: UUID
    let program: LoyaltyProgram
    let actor: Actor?

    var givesSignupBonus: Bool { program.enabled && program.signupBonus > 0 }

    /// The bonus for one new customer.
    func signup(_ customerID: UUID, at now: Date = Date()) async throws {
        guard givesSignupBonus else { return }
        let ledger = LoyaltyLedger(database: database, organizationID: organizationID, program: program, actor: actor)
        try await ledger.post(.init(kind: .bonus, points: program.signupBonus, reason: Self.signupReason, bonusKey: Self.signupKey),
                              to: customerID, at: now)
    }

    /// Opening balances and bonuses of many customers just inserted in this transaction (an import's batch), in a few
    /// multi-row statements: `grants[id]` lists each customer's postings in order (positive only: new customers hold
    /// nothing yet).
    func grantNew(_ grants: [(customerID: UUID, postings: [LoyaltyLedger.Posting])], at now: Date = Date()) async throws {
        var rows: [RowInsert] = []
        var balances: [(UUID, Int)] = []
        for (customerID, postings) in grants {
            var balance = 0
            for posting in postings where posting.points > 0 {
                balance = min(LoyaltyProgram.maxBalance, balance + posting.points)
                let entry = LoyaltyEntry(organizationID: organizationID, customerID: customerID, kind: posting.kind,
                                         points: posting.points, balanceAfter: balance, reason: posting.reason,
                                         bonusKey: posting.bonusKey, actor: actor, program: program, at: now)
                rows.append(entry.insertRow())
            }
            if balance > 0 { balances.append((customerID, balance)) }
        }
        for start in stride(from: 0, to: rows.count, by: 1_000) {
            try await RowInsert.run(Array(rows[start..<min(start + 1_000, rows.count)]), on: database)
        }
        // Customers with the same balance in one statement each (with only a sign-up bonus, that is all of them).
        for (balance, group) in Dictionary(grouping: balances, by: \.1) {
            let ids = group.map(\.0)
            for start in stride(from: 0, to: ids.count, by: 500) {
                try await SQLRows.run("UPDATE customers SET loyalty_points = \(bind: balance), loyalty_member = \(bind: true) WHERE "
                                      + SQLDialectKind(database).byKey() + " = \(bind: organizationID) "
                                      + "AND id IN (\(binds: Array(ids[start..<min(start + 500, ids.count)])))", on: try database.sql)
            }
        }
    }
}
