@testable import App
import Foundation
import Testing
import Vapor

/// Loyalty, rewards and gift cards in the API half of the matrix. Columns as in `APIMatrix`:
/// admin, dispatcher, agent with task, agent without, guest managing C1, guest managing none, org B admin, super admin.
/// Admins and dispatchers see and move points and gift cards; admins change the rewards catalogue; guest users see the
/// balance of the customers they manage and nothing else; agents see nothing of loyalty.
extension APIMatrix {
    static func loyaltyRows() -> [APIMatrixRow] {
        let staffOfA: [UInt] = [200, 200, 403, 403, 403, 403, 404, 400]
        let staffCreate: [UInt] = [201, 201, 403, 403, 403, 403, 404, 400]
        let ownList: [UInt] = [200, 200, 403, 403, 403, 403, 200, 400]
        return [
            row(.GET, "api/v1/customers/:id/loyalty", [200, 200, 403, 403, 200, 404, 404, 400],
                path { "/api/v1/customers/\($0.c1)/loyalty" },
                check: { _, _, r in r["balance"] is Int ? [] : ["has no balance"] }),
            row(.GET, "api/v1/customers/:id/loyalty/entries", staffOfA, path { "/api/v1/customers/\($0.c1)/loyalty/entries" }),
            row(.POST, "api/v1/customers/:id/loyalty/adjustments", staffCreate) { w, _ in
                MatrixRequest("/api/v1/customers/\(w.c1)/loyalty/adjustments", json: ["points": 5, "reason": "matrix"])
            },
            row(.POST, "api/v1/customers/:id/loyalty/redemptions", staffCreate) { w, _ in
                try await loyaltyOn(w)
                _ = try await w.app.send(.POST, "/api/v1/customers/\(w.c1)/loyalty/adjustments", token: w.orgA.adminToken,
                                         json: ["points": 1, "reason": "matrix"])
                return MatrixRequest("/api/v1/customers/\(w.c1)/loyalty/redemptions", json: ["points": 1])
            },
            row(.GET, "api/v1/customers/:id/rewards", staffOfA, path { "/api/v1/customers/\($0.c1)/rewards" }),
            row(.GET, "api/v1/rewards", ownList, path { _ in "/api/v1/rewards" }),
            row(.POST, "api/v1/rewards", [201, 403, 403, 403, 403, 403, 201, 400]) { _, _ in
                MatrixRequest("/api/v1/rewards", json: ["name": "Free coffee", "points_cost": 100])
            },
            row(.PATCH, "api/v1/rewards/:id", [200, 403, 403, 403, 403, 403, 404, 400]) { w, _ in
                MatrixRequest("/api/v1/rewards/\(try await reward(w))", json: ["points_cost": 120])
            },
            row(.GET, "api/v1/gift-cards", ownList, path { _ in "/api/v1/gift-cards" }, check: { w, role, r in
                role == .otherOrgAdmin && !r.data.isEmpty && r.data.contains { $0["note"] as? String == "org A card" }
                    ? ["lists organization A's cards"] : []
            }),
            row(.POST, "api/v1/gift-cards", [201, 201, 403, 403, 403, 403, 201, 400]) { _, _ in
                MatrixRequest("/api/v1/gift-cards", json: ["initial_balance": "25.00"])
            },
            row(.POST, "api/v1/gift-cards/lookup", staffOfA) { w, _ in
                MatrixRequest("/api/v1/gift-cards/lookup", json: ["code": try await giftCard(w).code])
            },
            row(.GET, "api/v1/gift-cards/:id", staffOfA) { w, _ in MatrixRequest("/api/v1/gift-cards/\(try await giftCard(w).id)") },
            row(.POST, "api/v1/gift-cards/:id/redemptions", staffCreate) { w, _ in
                MatrixRequest("/api/v1/gift-cards/\(try await giftCard(w).id)/redemptions", json: ["amount": "1.00"])
            },
            row(.POST, "api/v1/gift-cards/:id/disable", staffOfA) { w, _ in
                MatrixRequest("/api/v1/gift-cards/\(try await giftCard(w).id)/disable")
            },
        ]
    }

    static func loyaltyOn(_ w: MatrixWorld) async throws {
        let patched = try await w.app.send(.PATCH, "/api/v1/organizations/\(w.orgA.id)", token: w.orgA.adminToken,
                                           json: ["settings": ["loyalty": ["enabled": true]]])
        #expect(patched.status == .ok, "\(patched.text)")
    }

    /// A new reward of organization A.
    static func reward(_ w: MatrixWorld) async throws -> String {
        let created = try await w.app.send(.POST, "/api/v1/rewards", token: w.orgA.adminToken, json: ["name": "Tea", "points_cost": 50])
        return try #require(created["id"] as? String, "\(created.text)")
    }

    /// A new gift card of organization A, with its code.
    static func giftCard(_ w: MatrixWorld) async throws -> (id: String, code: String) {
        let created = try await w.app.send(.POST, "/api/v1/gift-cards", token: w.orgA.adminToken,
                                           json: ["initial_balance": "30.00", "note": "org A card"])
        return (try #require(created["id"] as? String, "\(created.text)"), try #require(created["code"] as? String))
    }
}
