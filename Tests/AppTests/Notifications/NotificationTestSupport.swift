@testable import App
import Foundation
import Testing
import Vapor

/// An organization with an admin, a customer and helpers to move its tasks.
struct NotificationWorld {
    let app: Application
    let org: OrgFixture

    static func make(_ app: Application, slug: String = "acme") async throws -> NotificationWorld {
        NotificationWorld(app: app, org: try await app.createOrganization(slug, rootToken: try await app.rootToken()))
    }

    func customer(_ body: [String: Any]) async throws -> String {
        let created = try await app.send(.POST, "/api/v1/customers", token: org.adminToken, json: body)
        #expect(created.status == .created, "\(created.text)")
        return try #require(created["id"] as? String)
    }

    /// A delivery task of `customerID` (for an order, so that messages name its number).
    func task(for customerID: String) async throws -> String {
        let order = try await app.send(.POST, "/api/v1/orders", token: org.adminToken,
                                       json: ["customer_id": customerID, "amount": "12.00"])
        #expect(order.status == .created, "\(order.text)")
        let created = try await app.send(.POST, "/api/v1/tasks", token: org.adminToken, json: [
            "type": "delivery", "customer_id": customerID, "order_id": order["id"] as? String ?? "",
            "dropoff": ["line1": "1 Main St", "city": "Springfield"],
        ])
        #expect(created.status == .created, "\(created.text)")
        return try #require(created["id"] as? String)
    }

    /// Moves the task through `statuses`, assigning `agent` on the way.
    func move(_ taskID: String, through statuses: [String], agent: UserFixture? = nil) async throws {
        for status in statuses {
            var body: [String: Any] = ["to": status]
            if status == "assigned", let agent { body["agent_id"] = agent.id }
            let moved = try await app.send(.POST, "/api/v1/tasks/\(taskID)/transitions", token: org.adminToken, json: body)
            #expect(moved.status == .ok, "\(status): \(moved.text)")
        }
    }

    func notifications(_ query: String = "") async throws -> [[String: Any]] {
        let response = try await app.send(.GET, "/api/v1/notifications?per_page=100\(query)", token: org.adminToken)
        #expect(response.status == .ok, "\(response.text)")
        return response.data
    }

    /// Runs the outbox workers' rounds until nothing due is left (at most `rounds`).
    func deliver(rounds: Int = 20) async throws {
        let workers = try #require(app.outboxWorkers)
        for _ in 0..<rounds where try await workers.deliverDue() > 0 {}
    }
}

extension AppConfig {
    /// Delivery driven by the test (`NotificationWorld.deliver`), retries at once.
    mutating func outboxForTests(sms: TestServerProcess? = nil, smtp: TestServerProcess? = nil) {
        outbox.runsWorkers = false
        outbox.backoffSeconds = 0
        outbox.publicURL = "https://crm.example.test"
        if let sms { outbox.smsWebhookURL = "http://127.0.0.1:\(sms.port)/sms" }
        if let smtp {
            outbox.smtpURL = "smtp://127.0.0.1:\(smtp.port)"
            outbox.smtpFrom = "Acme <orders@acme.test>"
        }
    }
}
