@testable import App
import Foundation
import SQLKit
import Testing
import Vapor

/// Gift cards: a code shown once and kept as a hash, found ignoring case and spaces, throttled, never overspent.
@Suite struct GiftCardTests {
    @Test func theCodeIsShownOnceAndOnlyItsHashIsKept() async throws {
        try await withTestApp { app in
            let world = try await LoyaltyWorld.make(app)
            let token = world.org.adminToken
            let bad = try await app.send(.POST, "/api/v1/gift-cards", token: token,
                                         json: ["initial_balance": "-5", "expires_on": "2001-01-01", "customer_id": UUID().uuidString])
            #expect(bad.status == .unprocessableEntity)
            let fields = Set((bad["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
            #expect(fields == ["initial_balance", "expires_on"], "\(bad.text)")
            let customer = try await world.customer()
            let issued = try await app.send(.POST, "/api/v1/gift-cards", token: token,
                                            json: ["initial_balance": "50.00", "customer_id": customer, "note": "Birthday gift"])
            #expect(issued.status == .created, "\(issued.text)")
            let code = try #require(issued["code"] as? String)
            #expect(code.count == 16 && code.allSatisfy { $0.isUppercase || $0.isNumber })
            #expect(issued["code_last4"] as? String == String(code.suffix(4)))
            #expect(issued["balance"] as? String == "50.00")
            #expect(issued["status"] as? String == "active")
            let id = try #require(issued["id"] as? String)
            let read = try await app.send(.GET, "/api/v1/gift-cards/\(id)", token: token)
            #expect(read["code"] is NSNull, "\(read.text)")
            #expect((read["history"] as? [[String: Any]])?.first?["kind"] as? String == "issue")
            let stored = try await world.sql.raw("SELECT code_hash FROM gift_cards").all()
            let hash = try #require(try stored.first?.decode(column: "code_hash", as: String.self))
            #expect(!hash.contains(code) && hash.count == 64)
            let spaced = stride(from: 0, to: 16, by: 4).map { i in String(Array(code)[i..<i + 4]) }.joined(separator: " ").lowercased()
            let found = try await app.send(.POST, "/api/v1/gift-cards/lookup", token: token, json: ["code": spaced])
            #expect(found.status == .ok, "\(found.text)")
            #expect(found["id"] as? String == id)
            #expect(try await app.send(.POST, "/api/v1/gift-cards/lookup", token: token, json: ["code": "AAAA BBBB CCCC DDDD"]).status == .notFound)
            let mine = try await app.send(.GET, "/api/v1/gift-cards?customer_id=\(customer)&status=active", token: token)
            #expect(mine.data.count == 1)
            #expect(try await app.send(.GET, "/api/v1/gift-cards?status=lost", token: token).status == .unprocessableEntity)
            // Another organization neither reads nor finds it.
            let other = try await LoyaltyWorld.make(app, slug: "other")
            #expect(try await app.send(.GET, "/api/v1/gift-cards/\(id)", token: other.org.adminToken).status == .notFound)
            #expect(try await app.send(.POST, "/api/v1/gift-cards/lookup", token: other.org.adminToken, json: ["code": code]).status == .notFound)
            #expect(try await app.send(.POST, "/api/v1/gift-cards/\(id)/redemptions", token: other.org.adminToken,
                                       json: ["amount": "1.00"]).status == .notFound)
            #expect(try await app.send(.POST, "/api/v1/gift-cards/\(id)/disable", token: other.org.adminToken).status == .notFound)
        }
    }

    @Test func repeatedMissesAreThrottledLikeSignIn() async throws {
        try await withTestApp(adjust: { $0.giftCardLookups = LoginLimits(perEmail: 3, perAddress: 50) }) { app in
            let world = try await LoyaltyWorld.make(app)
            for _ in 0..<3 {
                let miss = try await app.send(.POST, "/api/v1/gift-cards/lookup", token: world.org.adminToken, json: ["code": "ZZZZZZZZZZZZZZZZ"])
                #expect(miss.status == .notFound)
            }
            let throttled = try await app.send(.POST, "/api/v1/gift-cards/lookup", token: world.org.adminToken, json: ["code": "ZZZZZZZZZZZZZZZZ"])
            #expect(throttled.status == .tooManyRequests, "\(throttled.text)")
            #expect(throttled.headers.first(name: "Retry-After") != nil)
            // Another user of the organization is not held back by this one's misses.
            let dispatcher = try await app.createUser(in: world.org, role: "dispatcher")
            #expect(try await app.send(.POST, "/api/v1/gift-cards/lookup", token: dispatcher.token, json: ["code": "ZZZZZZZZZZZZZZZZ"]).status == .notFound)
        }
    }

    @Test func concurrentRedemptionsNeverOverspendAndDisabledOrExpiredCardsRefuse() async throws {
        try await withTestApp { app in
            let world = try await LoyaltyWorld.make(app)
            let token = world.org.adminToken
            let id = try #require(try await app.send(.POST, "/api/v1/gift-cards", token: token, json: ["initial_balance": "50.00"])["id"] as? String)
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        try await app.send(.POST, "/api/v1/gift-cards/\(id)/redemptions", token: token, json: ["amount": "10.00"]).status
                    }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 5)
            #expect(statuses.filter { $0 == .conflict }.count == 7)
            let card = try await app.send(.GET, "/api/v1/gift-cards/\(id)", token: token)
            #expect(card["balance"] as? String == "0.00")
            #expect(card["status"] as? String == "depleted")
            #expect((card["history"] as? [[String: Any]])?.count == 6)

            let second = try #require(try await app.send(.POST, "/api/v1/gift-cards", token: token, json: ["initial_balance": "20.00"])["id"] as? String)
            let above = try await app.send(.POST, "/api/v1/gift-cards/\(second)/redemptions", token: token, json: ["amount": "20.01"])
            #expect(above.status == .conflict)
            #expect(try await app.send(.POST, "/api/v1/gift-cards/\(second)/redemptions", token: token, json: ["amount": "abc"]).status
                    == .unprocessableEntity)
            let line = try await app.send(.POST, "/api/v1/gift-cards/\(second)/redemptions", token: token, json: ["amount": "5.5"])
            #expect(line.status == .created, "\(line.text)")
            #expect(line["amount"] as? String == "-5.50")
            #expect(line["balance_after"] as? String == "14.50")
            let disabled = try await app.send(.POST, "/api/v1/gift-cards/\(second)/disable", token: token)
            #expect(disabled["status"] as? String == "disabled")
            let refused = try await app.send(.POST, "/api/v1/gift-cards/\(second)/redemptions", token: token, json: ["amount": "1.00"])
            #expect(refused.status == .conflict)
            #expect((refused["detail"] as? String)?.contains("disabled") == true)

            let third = try #require(try await app.send(.POST, "/api/v1/gift-cards", token: token, json: ["initial_balance": "20.00"])["id"] as? String)
            try await world.sql.raw("UPDATE gift_cards SET expires_on = '2020-01-01' WHERE id = \(bind: UUID(uuidString: third)!)").run()
            let expired = try await app.send(.POST, "/api/v1/gift-cards/\(third)/redemptions", token: token, json: ["amount": "1.00"])
            #expect(expired.status == .conflict)
            #expect(try await app.send(.GET, "/api/v1/gift-cards?status=expired", token: token).data.count == 1)
        }
    }
}
