@testable import App
import Foundation
import Testing
import Vapor

/// Teams, clients and the client portal in the API half of the matrix. Columns as in `APIMatrix`:
/// admin, dispatcher, agent with task, agent without, guest managing C1, guest managing none, org B admin, super admin.
/// Organization A is a courier, B is not: B's admin gets 404 on every courier route. Admins manage teams and clients,
/// dispatchers see them; agents and guest users get 403. No staff token opens the client portal's routes (403); the
/// links' public routes answer anyone who holds a live link.
extension APIMatrix {
    static func courierRows() -> [APIMatrixRow] {
        let see: [UInt] = [200, 200, 403, 403, 403, 403, 404, 400]
        let manage: [UInt] = [200, 403, 403, 403, 403, 403, 404, 400]
        let portal: [UInt] = Array(repeating: 403, count: MatrixRole.allCases.count)
        return [
            row(.GET, "api/v1/teams", see, path { _ in "/api/v1/teams" }),
            row(.POST, "api/v1/teams", [201, 403, 403, 403, 403, 403, 404, 400]) { w, _ in
                MatrixRequest("/api/v1/teams", json: ["name": "Team \(w.next())"])
            },
            row(.GET, "api/v1/teams/:id", see) { w, _ in MatrixRequest("/api/v1/teams/\(try await team(w))") },
            row(.PATCH, "api/v1/teams/:id", manage) { w, _ in
                MatrixRequest("/api/v1/teams/\(try await team(w))", json: ["name": "Renamed \(w.next())"])
            },
            row(.DELETE, "api/v1/teams/:id", [204, 403, 403, 403, 403, 403, 404, 400]) { w, _ in
                MatrixRequest("/api/v1/teams/\(try await team(w))")
            },
            row(.PUT, "api/v1/teams/:id/members", manage) { w, _ in
                MatrixRequest("/api/v1/teams/\(try await team(w))/members", json: ["user_ids": [w.agentWithTask.id]])
            },
            row(.GET, "api/v1/clients", see, path { _ in "/api/v1/clients" }),
            row(.POST, "api/v1/clients", [201, 403, 403, 403, 403, 403, 404, 400]) { w, _ in
                MatrixRequest("/api/v1/clients", json: ["name": "Bakery", "email": "bakery\(w.next())@example.com"])
            },
            row(.GET, "api/v1/clients/:id", see) { w, _ in MatrixRequest("/api/v1/clients/\(try await client(w))") },
            row(.PATCH, "api/v1/clients/:id", manage) { w, _ in
                MatrixRequest("/api/v1/clients/\(try await client(w))", json: ["name": "Pharmacy \(w.next())"])
            },
            row(.DELETE, "api/v1/clients/:id", [204, 403, 403, 403, 403, 403, 404, 400]) { w, _ in
                MatrixRequest("/api/v1/clients/\(try await client(w))")
            },
            row(.POST, "api/v1/clients/:id/invite", [202, 403, 403, 403, 403, 403, 404, 400]) { w, _ in
                MatrixRequest("/api/v1/clients/\(try await client(w))/invite")
            },
            row(.GET, "api/v1/clients/:id/timeline", see) { w, _ in MatrixRequest("/api/v1/clients/\(try await client(w))/timeline") },
            row(.POST, "api/v1/client-invitations/accept", Array(repeating: 201, count: MatrixRole.allCases.count)) { w, _ in
                let id = try await client(w)
                let secret = try await CourierWorld.inviteSecret(w.app, clientID: id, token: w.orgA.adminToken)
                return MatrixRequest("/api/v1/client-invitations/accept", json: ["token": secret, "password": testPassword])
            },
            row(.POST, "api/v1/client-emails/confirm", Array(repeating: 200, count: MatrixRole.allCases.count)) { w, _ in
                let id = try await client(w)
                let changed = try await w.app.send(.PATCH, "/api/v1/clients/\(id)", token: w.orgA.adminToken,
                                                   json: ["email": "moved\(w.next())@example.com"])
                #expect(changed.status == .ok, "\(changed.text)")
                let secret = try await CourierWorld.linkSecret(w.app, clientID: id, path: "/client/confirm-email?token=")
                return MatrixRequest("/api/v1/client-emails/confirm", json: ["token": secret])
            },
            row(.POST, "api/v1/client/orders", portal, path { _ in "/api/v1/client/orders" }),
            row(.GET, "api/v1/client/orders", portal, path { _ in "/api/v1/client/orders" }),
            row(.GET, "api/v1/client/orders/:id", portal, path { _ in "/api/v1/client/orders/\(UUID().uuidString.lowercased())" }),
            row(.GET, "api/v1/client/tasks", portal, path { _ in "/api/v1/client/tasks" }),
            row(.GET, "api/v1/client/tasks/:id", portal, path { _ in "/api/v1/client/tasks/\(UUID().uuidString.lowercased())" }),
            row(.GET, "api/v1/client/settings", portal, path { _ in "/api/v1/client/settings" }),
            row(.PATCH, "api/v1/client/settings", portal, path { _ in "/api/v1/client/settings" }),
        ]
    }

    /// A new team of organization A.
    static func team(_ w: MatrixWorld) async throws -> String {
        let created = try await w.app.send(.POST, "/api/v1/teams", token: w.orgA.adminToken, json: ["name": "Team \(w.next())"])
        return try #require(created["id"] as? String, "\(created.text)")
    }

    /// A new client of organization A.
    static func client(_ w: MatrixWorld) async throws -> String {
        let created = try await w.app.send(.POST, "/api/v1/clients", token: w.orgA.adminToken,
                                           json: ["name": "Client \(w.next())", "email": "client\(w.next())@example.com"])
        return try #require(created["id"] as? String, "\(created.text)")
    }
}
