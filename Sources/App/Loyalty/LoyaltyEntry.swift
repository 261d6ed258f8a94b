import Foundation
import SQLKit
import Vapor

/// One line of a customer's points ledger. Written only by `LoyaltyLedger` (and the jobs' set-based batches), never
/// changed afterwards except for `remaining`, what is left of a grant after spending and expiry took the oldest first.
struct LoyaltyEntry: Sendable {
    static let table = "loyalty_entries"

    var id = UUID.timeOrdered()
    let organizationID: UUID
    var customerID: UUID?
    let kind: LoyaltyEntryKind
    let points: Int
    let balanceAfter: Int
    var remaining = 0
    var reason: String?
    var orderID: UUID?
    var rewardID: UUID?
    var expiresAt: Date?
    var actorUserID: UUID?
    var actorName: String?
    var bonusKey: String?
    var createdAt: Date

    func insertRow() -> RowInsert {
        var row = RowInsert(into: Self.table)
        row.set("id", id)
        row.set("organization_id", organizationID)
        row.set("customer_id", customerID)
        row.set("kind", kind.rawValue)
        row.set("points", points)
        row.set("balance_after", balanceAfter)
        row.set("remaining", remaining)
        row.set("reason", reason)
        row.set("order_id", orderID)
        row.set("reward_id", rewardID)
        row.set("expires_at", expiresAt)
        row.set("actor_user_id", actorUserID)
        row.set("actor_name", actorName)
        row.set("bonus_key", bonusKey)
        row.set("created_at", createdAt)
        return row
    }

    static let columns = "id, organization_id, customer_id, kind, points, balance_after, remaining, reason, order_id, reward_id, expires_at, actor_user_id, actor_name, bonus_key, created_at"

    static func decode(_ row: any SQLRow) throws -> LoyaltyEntry {
        LoyaltyEntry(
            id: try row.decode(column: "id", as: UUID.self),
            organizationID: try row.decode(column: "organization_id", as: UUID.self),
            customerID: try row.decode(column: "customer_id", as: UUID?.self),
            kind: LoyaltyEntryKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .adjust,
            points: try row.decode(column: "points", as: Int.self),
            balanceAfter: try row.decode(column: "balance_after", as: Int.self),
            remaining: try row.decode(column: "remaining", as: Int.self),
            reason: try row.decode(column: "reason", as: String?.self),
            orderID: try row.decode(column: "order_id", as: UUID?.self),
            rewardID: try row.decode(column: "reward_id", as: UUID?.self),
            expiresAt: try row.decode(column: "expires_at", as: Date?.self),
            actorUserID: try row.decode(column: "actor_user_id", as: UUID?.self),
            actorName: try row.decode(column: "actor_name", as: String?.self),
            bonusKey: try row.decode(column: "bonus_key", as: String?.self),
            createdAt: try row.decode(column: "created_at", as: Date.self))
    }

    /// The entry as the API shows it: `id`, `kind`, `points`, `balance_after`, `reason`, `order_id`, `reward_id`,
    /// `expires_at`, `actor` (`{"type": "user", "user_id", "name"}` or `{"type": "system"}` for the jobs), `created_at`.
    struct Public: Content {
        let entry: LoyaltyEntry

        init(_ entry: LoyaltyEntry) { self.entry = entry }
        init(from decoder: any Decoder) throws {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "output only"))
        }

        enum Key: String, CodingKey {
            case id, kind, points, reason, actor, type, name
            case balanceAfter = "balance_after", orderID = "order_id", rewardID = "reward_id", expiresAt = "expires_at"
            case createdAt = "created_at", customerID = "customer_id", userID = "user_id"
        }

        func encode(to encoder: any Encoder) throws {
            var out = encoder.container(keyedBy: Key.self)
            try out.encode(entry.id, forKey: .id)
            try out.encode(entry.customerID, forKey: .customerID)
            try out.encode(entry.kind.rawValue, forKey: .kind)
            try out.encode(entry.points, forKey: .points)
            try out.encode(entry.balanceAfter, forKey: .balanceAfter)
            try out.encode(entry.reason, forKey: .reason)
            try out.encode(entry.orderID, forKey: .orderID)
            try out.encode(entry.rewardID, forKey: .rewardID)
            try out.encode(entry.expiresAt, forKey: .expiresAt)
            var actor = out.nestedContainer(keyedBy: Key.self, forKey: .actor)
            if entry.actorUserID == nil && entry.actorName == nil {
                try actor.encode("system", forKey: .type)
            } else {
                try actor.encode("user", forKey: .type)
                try actor.encode(entry.actorUserID, forKey: .userID)
                try actor.encode(entry.actorName, forKey: .name)
            }
            try out.encode(entry.createdAt, forKey: .createdAt)
        }
    }
}

extension LoyaltyEntry {
    /// A new entry moving `points` (a grant when positive: all of it unspent, expiring when its kind does and the
    /// programme sets `expiry_days`).
    init(organizationID: UUID, customerID: UUID, kind: LoyaltyEntryKind, points: Int, balanceAfter: Int, reason: String?,
         orderID: UUID? = nil, rewardID: UUID? = nil, bonusKey: String? = nil, actor: Actor?, program: LoyaltyProgram, at now: Date) {
        self.init(organizationID: organizationID, customerID: customerID, kind: kind, points: points, balanceAfter: balanceAfter,
                  reason: reason, orderID: orderID, rewardID: rewardID, actorUserID: actor?.userID,
                  actorName: actor.map { $0.name ?? $0.source }, bonusKey: bonusKey, createdAt: now)
        if points > 0 {
            remaining = points
            if kind.expires, let days = program.expiryDays { expiresAt = now.addingTimeInterval(Double(days) * 86_400) }
        }
    }
}
