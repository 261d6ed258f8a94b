@testable import App
import Foundation
import SQLKit
import Testing
import Vapor

/// A courier organization with an admin, a dispatcher and an agent, and helpers for its clients: invite one, read the
/// secret of its latest link from the outbox (where it waits until the email is sent), accept, place orders.
struct CourierWorld {
    let app: Application
    let org: OrgFixture
    let dispatcher: UserFixture
    let agent: UserFixture

    static func make(_ app: Application, slug: String = "swift") async throws -> CourierWorld {
        let org = try await app.createOrganization(slug, rootToken: try await app.rootToken(), settings: ["courier": true])
        return CourierWorld(app: app, org: org, dispatcher: try await app.createUser(in: org, role: "dispatcher"),
                            agent: try await app.createUser(in: org, role: "agent"))
    }

    var admin: String { org.adminToken }

    func createClient(_ name: String, email: String, settings: [String: Any]? = nil) async throws -> String {
        var body: [String: Any] = ["name": name, "email": email]
        if let settings { body["settings"] = settings }
        let created = try await app.send(.POST, "/api/v1/clients", token: admin, json: body)
        #expect(created.status == .created, "\(created.text)")
        return try #require(created["id"] as? String)
    }

    /// Creates, invites and accepts a client: its id and its client user's token.
    func activeClient(_ name: String, email: String, settings: [String: Any]? = nil) async throws -> (id: String, token: String) {
        let id = try await createClient(name, email: email, settings: settings)
        let secret = try await Self.inviteSecret(app, clientID: id, token: admin)
        let accepted = try await app.send(.POST, "/api/v1/client-invitations/accept", json: ["token": secret, "password": testPassword])
        #expect(accepted.status == .created, "\(accepted.text)")
        return (id, try #require(accepted["token"] as? String))
    }

    func order(_ token: String, recipient: [String: Any] = ["name": "Rita Recipient", "phone": "+12025550199"],
               extra: [String: Any] = [:]) async throws -> APIResponse {
        var body: [String: Any] = ["pickup": ["line1": "1 Bakery Rd", "city": "Springfield", "contact_name": "Front desk"],
                                   "dropoff": ["line1": "22 Elm St", "city": "Shelbyville"], "recipient": recipient]
        for (key, value) in extra { body[key] = value }
        return try await app.send(.POST, "/api/v1/client/orders", token: token, json: body)
    }

    func move(_ taskID: String, _ to: String, agent: String? = nil, token: String? = nil) async throws -> APIResponse {
        var body: [String: Any] = ["to": to]
        if let agent { body["agent_id"] = agent }
        return try await app.send(.POST, "/api/v1/tasks/\(taskID)/transitions", token: token ?? admin, json: body)
    }

    /// Invites the client and answers the secret of the link the email carries.
    static func inviteSecret(_ app: Application, clientID: String, token: String) async throws -> String {
        let invited = try await app.send(.POST, "/api/v1/clients/\(clientID)/invite", token: token)
        #expect(invited.status == .accepted, "\(invited.text)")
        return try await linkSecret(app, clientID: clientID, path: "/client/accept?token=")
    }

    /// The secret of the newest link email (`path` + secret) sent to the client's email or pending email.
    static func linkSecret(_ app: Application, clientID: String, path: String) async throws -> String {
        let rows = try await SQLRows.all("""
            SELECT body FROM notifications WHERE kind = 'account' AND body LIKE \(bind: "%" + path + "%") ORDER BY seq DESC
            """, on: try app.db.sql)
        for row in rows {
            let body = try row.decode(column: "body", as: String.self)
            guard let range = body.range(of: path) else { continue }
            let secret = body[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
            // The newest link email: the test asks right after the step that sent it.
            return String(secret)
        }
        Issue.record("no link email for client \(clientID)")
        return ""
    }
}

/// Runs the outbox workers' rounds until nothing due is left.
enum OutboxTestDelivery {
    static func deliver(_ app: Application, rounds: Int = 20) async throws {
        let workers = try #require(app.outboxWorkers)
        for _ in 0..<rounds where try await workers.deliverDue() > 0 {}
    }
}
