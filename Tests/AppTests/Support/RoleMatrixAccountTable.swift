@testable import App
import Foundation
import Testing
import Vapor

/// Customer accounts in the API half of the matrix. Columns as in `APIMatrix`:
/// admin, dispatcher, agent with task, agent without, guest managing C1, guest managing none, org B admin, super admin.
/// The account realm's public routes answer anyone (the token is not theirs to read); its own routes refuse every staff
/// token (403). On the staff side, a linked record's overrides and link follow the customer's write rules, and the
/// erasure requests are the admins'.
extension APIMatrix {
    static func accountRows() -> [APIMatrixRow] {
        let everyone = { (status: UInt) in Array(repeating: status, count: MatrixRole.allCases.count) }
        let realm = everyone(403)
        let write: [UInt] = [200, 200, 403, 403, 200, 404, 404, 400]
        let admins: [UInt] = [200, 403, 403, 403, 403, 403, 404, 400]
        return [
            row(.POST, "api/v1/accounts", everyone(201)) { w, _ in
                MatrixRequest("/api/v1/accounts", json: ["email": "signup\(w.next())@example.com", "password": testPassword])
            },
            row(.POST, "api/v1/accounts/verify", everyone(200)) { w, _ in
                let email = "verify\(w.next())@example.com"
                _ = try await w.app.send(.POST, "/api/v1/accounts", json: ["email": email, "password": testPassword])
                let secret = try await AccountWorld(app: w.app, smtp: nil).secret(to: email, path: "/account/verify?token=")
                return MatrixRequest("/api/v1/accounts/verify", json: ["token": secret])
            },
            row(.POST, "api/v1/accounts/token", everyone(201)) { w, _ in
                let email = "signin\(w.next())@example.com"
                _ = try await w.app.send(.POST, "/api/v1/accounts", json: ["email": email, "password": testPassword])
                return MatrixRequest("/api/v1/accounts/token", json: ["email": email, "password": testPassword])
            },
            row(.POST, "api/v1/accounts/password-reset", everyone(202)) { w, _ in
                MatrixRequest("/api/v1/accounts/password-reset", json: ["email": "reset\(w.next())@example.com"])
            },
            row(.POST, "api/v1/accounts/password-reset/confirm", everyone(200)) { w, _ in
                let email = "forgot\(w.next())@example.com"
                _ = try await w.app.send(.POST, "/api/v1/accounts", json: ["email": email, "password": testPassword])
                _ = try await w.app.send(.POST, "/api/v1/accounts/password-reset", json: ["email": email])
                let secret = try await AccountWorld(app: w.app, smtp: nil).secret(to: email, path: "/account/reset-password?token=")
                return MatrixRequest("/api/v1/accounts/password-reset/confirm", json: ["token": secret, "password": "another-password-9"])
            },
            row(.POST, "api/v1/accounts/confirm-email", everyone(200)) { w, _ in
                let n = w.next()
                let accounts = AccountWorld(app: w.app, smtp: nil)
                let token = try await accounts.verifiedAccount("before\(n)@example.com")
                _ = try await w.app.send(.PATCH, "/api/v1/account", token: token, json: ["email": "after\(n)@example.com"])
                let secret = try await accounts.secret(to: "after\(n)@example.com", path: "/account/confirm-email?token=")
                return MatrixRequest("/api/v1/accounts/confirm-email", json: ["token": secret])
            },
            // The public checkout is the customers': a staff token is refused (staff use POST /api/v1/orders).
            row(.POST, "api/v1/public/checkout", realm) { _, _ in
                MatrixRequest("/api/v1/public/checkout", json: ["organization": "alpha", "amount": "1.00", "contact": ["email": "g@example.com"]])
            },
            row(.GET, "api/v1/account", realm, path { _ in "/api/v1/account" }),
            row(.PATCH, "api/v1/account", realm, path { _ in "/api/v1/account" }),
            row(.DELETE, "api/v1/account/token", realm, path { _ in "/api/v1/account/token" }),
            row(.POST, "api/v1/account/verification", realm, path { _ in "/api/v1/account/verification" }),
            row(.GET, "api/v1/account/links", realm, path { _ in "/api/v1/account/links" }),
            row(.POST, "api/v1/account/links", realm, path { _ in "/api/v1/account/links" }),
            row(.PATCH, "api/v1/account/links/:organization_id", realm, path { "/api/v1/account/links/\($0.orgA.id)" }),
            row(.DELETE, "api/v1/account/links/:organization_id", realm, path { "/api/v1/account/links/\($0.orgA.id)" }),
            row(.GET, "api/v1/account/links/:organization_id/addresses", realm, path { "/api/v1/account/links/\($0.orgA.id)/addresses" }),
            row(.POST, "api/v1/account/links/:organization_id/addresses", realm, path { "/api/v1/account/links/\($0.orgA.id)/addresses" }),
            row(.PATCH, "api/v1/account/links/:organization_id/addresses/:address_id", realm,
                path { "/api/v1/account/links/\($0.orgA.id)/addresses/\($0.c1Address)" }),
            row(.DELETE, "api/v1/account/links/:organization_id/addresses/:address_id", realm,
                path { "/api/v1/account/links/\($0.orgA.id)/addresses/\($0.c1Address)" }),
            row(.GET, "api/v1/account/links/:organization_id/loyalty", realm, path { "/api/v1/account/links/\($0.orgA.id)/loyalty" }),
            row(.GET, "api/v1/account/links/:organization_id/loyalty/entries", realm,
                path { "/api/v1/account/links/\($0.orgA.id)/loyalty/entries" }),
            row(.POST, "api/v1/account/links/:organization_id/loyalty/redemptions", realm,
                path { "/api/v1/account/links/\($0.orgA.id)/loyalty/redemptions" }),
            row(.GET, "api/v1/account/links/:organization_id/rewards", realm, path { "/api/v1/account/links/\($0.orgA.id)/rewards" }),
            row(.GET, "api/v1/account/orders", realm, path { _ in "/api/v1/account/orders" }),
            row(.POST, "api/v1/account/orders", realm, path { _ in "/api/v1/account/orders" }),
            row(.GET, "api/v1/account/orders/:id", realm, path { "/api/v1/account/orders/\($0.c1Order)" }),
            row(.POST, "api/v1/account/orders/:id/reorder", realm, path { "/api/v1/account/orders/\($0.c1Order)/reorder" }),
            row(.GET, "api/v1/account/notifications", realm, path { _ in "/api/v1/account/notifications" }),
            row(.POST, "api/v1/account/data-export", realm, path { _ in "/api/v1/account/data-export" }),
            row(.POST, "api/v1/account/erasure-request", realm, path { _ in "/api/v1/account/erasure-request" }),

            row(.DELETE, "api/v1/customers/:id/overrides/:field", write) { w, _ in
                MatrixRequest("/api/v1/customers/\(try await linkedFresh(w).customerID)/overrides/name")
            },
            row(.DELETE, "api/v1/customers/:id/account", [204, 204, 403, 403, 204, 404, 404, 400]) { w, _ in
                MatrixRequest("/api/v1/customers/\(try await linkedFresh(w).customerID)/account")
            },
            row(.GET, "api/v1/erasure-requests", [200, 403, 403, 403, 403, 403, 200, 400], path { _ in "/api/v1/erasure-requests" }),
            row(.POST, "api/v1/erasure-requests/:id/erase", admins) { w, _ in
                MatrixRequest("/api/v1/erasure-requests/\(try await erasureRequest(w))/erase", json: [:])
            },
            row(.POST, "api/v1/erasure-requests/:id/dismiss", admins) { w, _ in
                MatrixRequest("/api/v1/erasure-requests/\(try await erasureRequest(w))/dismiss", json: ["reason": "a legal hold"])
            },
        ]
    }

    /// A fresh customer of organization A (see `MatrixWorld.fresh`) linked to a new, verified account of its email.
    static func linkedFresh(_ w: MatrixWorld) async throws -> (customerID: String, accountToken: String) {
        let fresh = try await w.fresh()
        let customer = try await w.app.send(.GET, "/api/v1/customers/\(fresh.id)", token: w.orgA.adminToken)
        let email = try #require(customer["email"] as? String)
        let token = try await AccountWorld(app: w.app, smtp: nil).verifiedAccount(email)
        let joined = try await w.app.send(.POST, "/api/v1/account/links", token: token, json: ["organization": w.orgA.slug])
        #expect(joined.status == .created, "\(joined.text)")
        return (fresh.id, token)
    }

    /// An open erasure request of organization A, from a linked account.
    static func erasureRequest(_ w: MatrixWorld) async throws -> String {
        let linked = try await linkedFresh(w)
        let asked = try await w.app.send(.POST, "/api/v1/account/erasure-request", token: linked.accountToken)
        #expect(asked.status == .accepted, "\(asked.text)")
        let open = try await w.app.send(.GET, "/api/v1/erasure-requests?status=open", token: w.orgA.adminToken)
        return try #require(open.data.first { $0["customer_id"] as? String == linked.customerID }?["id"] as? String, "\(open.text)")
    }
}
