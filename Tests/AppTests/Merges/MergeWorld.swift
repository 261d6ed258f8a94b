@testable import App
import Foundation
import SQLKit
import Testing
import Vapor

/// An organization with loyalty on (and a sign-up bonus, so that two records hold the same bonus), and a kept record
/// K and a duplicate B with something of every kind: orders, a task (and its notifications), addresses, points, a gift
/// card, tags, timeline.
struct MergeWorld {
    let loyalty: LoyaltyWorld
    var app: Application { loyalty.app }
    var token: String { loyalty.org.adminToken }
    let kept: String
    let removed: String
    let keptAddress: String
    let removedAddresses: [String]
    let removedTask: String
    let giftCard: String

    static func make(_ app: Application, slug: String = "merging") async throws -> MergeWorld {
        let loyalty = try await LoyaltyWorld.make(app, slug: slug, program: ["signup_bonus": 10])
        let token = loyalty.org.adminToken
        let kept = try await loyalty.customer(["name": "Ann Kept", "email": "ann@kept.example", "tags": ["vip"]])
        let removed = try await loyalty.customer(["name": "Ann Dup", "email": "ann.dup@example.com", "phone": "+12025550111",
                                                  "tags": ["VIP", "late"], "company": "Dup Co"])
        let keptAddress = try await Self.address(app, token, kept, "1 Kept Road")
        let removedAddresses = [try await Self.address(app, token, removed, "2 Dup Street"),
                                try await Self.address(app, token, removed, "3 Dup Avenue")]
        #expect(try await loyalty.order(["customer_id": kept, "amount": "20.00", "payment_status": "paid"]).status == .created)
        #expect(try await loyalty.order(["customer_id": removed, "amount": "30.00", "payment_status": "paid"]).status == .created)
        #expect(try await loyalty.order(["customer_id": removed, "amount": "5.00", "payment_status": "paid"]).status == .created)
        #expect(try await loyalty.adjust(removed, 7).status == .created)
        let task = try await app.send(.POST, "/api/v1/tasks", token: token,
                                      json: ["type": "delivery", "customer_id": removed, "dropoff": ["line1": "2 Dup Street"]])
        #expect(task.status == .created, "\(task.text)")
        let card = try await app.send(.POST, "/api/v1/gift-cards", token: token, json: ["initial_balance": "25.00", "customer_id": removed])
        #expect(card.status == .created, "\(card.text)")
        return MergeWorld(loyalty: loyalty, kept: kept, removed: removed, keptAddress: keptAddress, removedAddresses: removedAddresses,
                          removedTask: try #require(task["id"] as? String), giftCard: try #require(card["id"] as? String))
    }

    static func address(_ app: Application, _ token: String, _ customer: String, _ line1: String) async throws -> String {
        let made = try await app.send(.POST, "/api/v1/customers/\(customer)/addresses", token: token, json: ["label": "Home", "line1": line1])
        #expect(made.status == .created, "\(made.text)")
        return try #require(made["id"] as? String)
    }

    func merge(_ body: [String: Any], preview: Bool = false, token: String? = nil) async throws -> APIResponse {
        try await app.send(.POST, "/api/v1/customers/merge" + (preview ? "?preview=true" : ""), token: token ?? self.token, json: body)
    }

    func undo(_ merge: String) async throws -> APIResponse {
        try await app.send(.POST, "/api/v1/customers/merges/\(merge)/undo", token: token)
    }

    func customer(_ id: String) async throws -> APIResponse {
        try await app.send(.GET, "/api/v1/customers/\(id)", token: token)
    }

    /// The ids of a customer's list (`orders`, `tasks`, `addresses`, `notifications`, `timeline`).
    func ids(_ id: String, _ list: String) async throws -> Set<String> {
        let page = try await app.send(.GET, "/api/v1/customers/\(id)/\(list)?per_page=100", token: token)
        #expect(page.status == .ok, "\(page.text)")
        return Set(page.data.compactMap { $0["id"] as? String })
    }

    func giftCardOwner() async throws -> String? {
        try await app.send(.GET, "/api/v1/gift-cards/\(giftCard)", token: token)["customer_id"] as? String
    }

    var sql: any SQLDatabase { app.db as! any SQLDatabase }

    /// Every customer's totals equal a recount of its orders.
    func checkTotalsEqualRecount() async throws {
        let rows = try await sql.raw("""
            SELECT c.id AS id, c.total_orders AS stored, c.total_spent_minor AS spent,
              (SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.id AND o.status <> 'cancelled'
                 AND o.payment_status NOT IN ('refunded', 'failed')) AS counted,
              (SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM orders o WHERE o.customer_id = c.id AND o.status <> 'cancelled'
                 AND o.payment_status NOT IN ('refunded', 'failed')) AS summed
            FROM customers c
            """).all()
        for row in rows {
            #expect(try row.decode(column: "stored", as: Int.self) == row.decode(column: "counted", as: Int.self), "total_orders")
            #expect(try row.decode(column: "spent", as: Int.self) == row.decode(column: "summed", as: Int.self), "total_spent")
        }
    }
}
