import Foundation
import SQLKit
import Vapor

/// One line of a gift card's history: `issue` (its initial balance), `redeem` (negative), `disable`.
struct GiftCardTransaction: Sendable {
    static let table = "gift_card_transactions"
    static let columns = "id, gift_card_id, kind, amount_minor, balance_after, order_id, actor_user_id, actor_name, created_at"

    var id = UUID.timeOrdered()
    let organizationID: UUID
    let giftCardID: UUID
    let kind: String
    let amountMinor: Int64
    let balanceAfter: Int64
    var orderID: UUID?
    let actor: Actor
    let createdAt: Date

    func insertRow() -> RowInsert {
        var row = RowInsert(into: Self.table)
        row.set("id", id)
        row.set("organization_id", organizationID)
        row.set("gift_card_id", giftCardID)
        row.set("kind", kind)
        row.set("amount_minor", amountMinor)
        row.set("balance_after", balanceAfter)
        row.set("order_id", orderID)
        row.set("actor_user_id", actor.userID)
        row.set("actor_name", actor.name)
        row.set("created_at", createdAt)
        return row
    }

    /// As the API shows it: amounts as decimal strings.
    struct Public: Content {
        let id: UUID
        let kind: String
        let amount: String
        let balanceAfter: String
        @NullEncoded var orderID: UUID?
        let actor: ActorPublic
        let createdAt: Date

        struct ActorPublic: Content {
            @NullEncoded var userID: UUID?
            @NullEncoded var name: String?
            enum CodingKeys: String, CodingKey {
                case name
                case userID = "user_id"
            }
        }

        enum CodingKeys: String, CodingKey {
            case id, kind, amount, actor
            case balanceAfter = "balance_after"
            case orderID = "order_id"
            case createdAt = "created_at"
        }

        init(row: any SQLRow) throws {
            id = try row.decode(column: "id", as: UUID.self)
            kind = try row.decode(column: "kind", as: String.self)
            amount = Money.decimalString(minorUnits: try row.decode(column: "amount_minor", as: Int64.self))
            balanceAfter = Money.decimalString(minorUnits: try row.decode(column: "balance_after", as: Int64.self))
            orderID = try row.decode(column: "order_id", as: UUID?.self)
            actor = ActorPublic(userID: try row.decode(column: "actor_user_id", as: UUID?.self),
                                name: try row.decode(column: "actor_name", as: String?.self))
            createdAt = try row.decode(column: "created_at", as: Date.self)
        }
    }
}
