@testable import App
import Foundation
import Testing
import Vapor

/// The loyalty pages in the dashboard half of the matrix. Columns as in `WebMatrix`:
/// admin, dispatcher, agent with task, agent without, guest managing C1, guest managing none, org B admin, super admin.
/// As in the API: admins and dispatchers see ledgers, gift cards and rewards and change points and cards; admins change
/// the programme and the rewards catalogue; guest users see only a managed customer's balance (on the customer page);
/// agents see nothing of loyalty.
extension WebMatrix {
    static func loyaltyPageRows() -> [WebMatrixRow] {
        let o = WebExpect.pickOrganization
        let staff: [WebExpect] = [200, 200, 403, 403, 403, 403, 200, o]
        let orgAOnly: [WebExpect] = [200, 200, 403, 403, 403, 403, 404, o]
        let staffChangeOrgA: [WebExpect] = [303, 303, 403, 403, 403, 403, 404, o]
        let adminsChange: [WebExpect] = [303, 403, 403, 403, 403, 403, 303, o]
        func flashes(_ prefix: String) -> WebMatrixRow.Check {
            { _, _, r in MatrixViews.flash(r).hasPrefix(prefix) ? [] : ["says “\(MatrixViews.flash(r))”, not “\(prefix)…”"] }
        }
        func shows(_ text: String) -> WebMatrixRow.Check {
            { _, _, r in r.body.contains(text) ? [] : ["does not show “\(text)”"] }
        }
        return [
            row(.GET, "customers/:id/loyalty", orgAOnly, page { "/customers/\($0.c1)/loyalty" }, check: shows("Ledger, newest first")),
            row(.POST, "customers/:id/loyalty/adjustments", staffChangeOrgA) { w, _ in
                WebRequest(path: "/customers/\(try await w.fresh().id)/loyalty/adjustments", form: ["points": "10", "reason": "Matrix"])
            } check: { w, role, r in try await flashes("Points adjusted by +10")(w, role, r) },
            row(.POST, "customers/:id/loyalty/redemptions", staffChangeOrgA) { w, _ in
                WebRequest(path: "/customers/\(try await w.customerWithPoints())/loyalty/redemptions", form: ["points": "10"])
            } check: { w, role, r in try await flashes("Redeemed 10 points")(w, role, r) },

            row(.GET, "gift-cards", staff, page { _ in "/gift-cards" }, check: shows("Find by code")),
            row(.POST, "gift-cards", staff) { _, _ in
                WebRequest(path: "/gift-cards", form: ["initial_balance": "25.00", "note": "Matrix"])
            } check: { _, _, r in
                r.body.contains("it will not be shown again") && r.body.contains(#"id="gift-card-code""#) ? [] : ["does not show the code"]
            },
            row(.POST, "gift-cards/lookup", staffChangeOrgA) { w, _ in
                WebRequest(path: "/gift-cards/lookup", form: ["code": try await w.freshGiftCard().code])
            } check: { _, _, r in
                r.location?.hasPrefix("/gift-cards/") == true ? [] : ["goes to \(r.location ?? "nowhere"), not the card"]
            },
            row(.GET, "gift-cards/:id", orgAOnly) { w, _ in
                WebRequest(path: "/gift-cards/\(try await w.freshGiftCard().id)")
            } check: { w, role, r in try await shows("History")(w, role, r) },
            row(.POST, "gift-cards/:id/redemptions", staffChangeOrgA) { w, _ in
                WebRequest(path: "/gift-cards/\(try await w.freshGiftCard().id)/redemptions", form: ["amount": "5.00"])
            } check: { w, role, r in try await flashes("Redeemed 5.00")(w, role, r) },
            row(.GET, "gift-cards/:id/disable", orgAOnly) { w, _ in
                WebRequest(path: "/gift-cards/\(try await w.freshGiftCard().id)/disable")
            } check: { w, role, r in try await shows("Yes, disable the card")(w, role, r) },
            row(.POST, "gift-cards/:id/disable", staffChangeOrgA) { w, _ in
                WebRequest(path: "/gift-cards/\(try await w.freshGiftCard().id)/disable")
            } check: { w, role, r in try await flashes("Card ending")(w, role, r) },

            row(.GET, "rewards", staff, page { _ in "/rewards" }, check: shows("Rewards catalogue")),
            row(.POST, "rewards", adminsChange) { w, _ in
                WebRequest(path: "/rewards", form: ["name": "Matrix mug \(w.next())", "points_cost": "100", "return_to": "/rewards"])
            } check: { w, role, r in try await flashes("Reward “Matrix mug")(w, role, r) },
            row(.POST, "rewards/:id", [303, 403, 403, 403, 403, 403, 404, o]) { w, _ in
                WebRequest(path: "/rewards/\(try await w.freshReward())", form: ["active": "false", "return_to": "/settings"])
            } check: { w, role, r in try await flashes("Reward “Matrix reward")(w, role, r) },
            row(.POST, "settings/loyalty", adminsChange) { _, _ in
                WebRequest(path: "/settings/loyalty", form: ["enabled": "true", "points_per_unit": "1", "signup_bonus": "0",
                                                             "birthday_bonus": "0", "expiry_days": "", "point_value": "0.01"])
            } check: { w, role, r in try await flashes("Loyalty programme saved")(w, role, r) },
        ]
    }
}

extension MatrixWorld {
    /// A fresh customer in C1's situation with 50 points, in organization A with its loyalty programme on.
    func customerWithPoints() async throws -> String {
        let admin = orgA.adminToken
        let on = try await app.send(.PATCH, "/api/v1/organizations/\(orgA.id)", token: admin,
                                    json: ["settings": ["loyalty": ["enabled": true]]])
        #expect(on.status == .ok, "loyalty on: \(on.text)")
        let id = try await fresh().id
        let adjusted = try await app.send(.POST, "/api/v1/customers/\(id)/loyalty/adjustments", token: admin,
                                          json: ["points": 50, "reason": "matrix"])
        #expect(adjusted.status == .created, "points: \(adjusted.text)")
        return id
    }

    /// A new gift card of organization A with 50.00 on it: its id and its code.
    func freshGiftCard() async throws -> (id: String, code: String) {
        let card = try await app.send(.POST, "/api/v1/gift-cards", token: orgA.adminToken, json: ["initial_balance": "50.00"])
        #expect(card.status == .created, "gift card: \(card.text)")
        return (card["id"] as? String ?? "", card["code"] as? String ?? "")
    }

    /// A new reward of organization A.
    func freshReward() async throws -> String {
        let reward = try await app.send(.POST, "/api/v1/rewards", token: orgA.adminToken,
                                        json: ["name": "Matrix reward \(next())", "points_cost": 100])
        #expect(reward.status == .created, "reward: \(reward.text)")
        return reward["id"] as? String ?? ""
    }
}
