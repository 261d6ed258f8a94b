@testable import App
import Foundation
import SQLKit
import Testing
import Vapor

/// Notifications, templates and marketing messages in the API half of the matrix. Columns as in `APIMatrix`:
/// admin, dispatcher, agent with task, agent without, guest managing C1, guest managing none, org B admin, super admin.
/// Admins and dispatchers see and retry; admins change templates; agents and guest users see nothing of it.
extension APIMatrix {
    static func notificationRows() -> [APIMatrixRow] {
        let staff: [UInt] = [200, 200, 403, 403, 403, 403, 200, 400]
        let orgAOnly: [UInt] = [200, 200, 403, 403, 403, 403, 404, 400]
        return [
            row(.GET, "api/v1/notifications", staff, path { _ in "/api/v1/notifications?per_page=100" },
                check: { w, role, r in
                    let ownTask = r.data.contains { $0["task_id"] as? String == w.c1Task }
                    return role == .otherOrgAdmin && ownTask ? ["lists organization A's notifications"] : []
                }),
            row(.GET, "api/v1/notifications/:id", orgAOnly) { w, _ in
                MatrixRequest("/api/v1/notifications/\(try await freshNotification(w))")
            },
            row(.POST, "api/v1/notifications/:id/retry", orgAOnly) { w, _ in
                MatrixRequest("/api/v1/notifications/\(try await freshNotification(w, failed: true))/retry")
            },
            row(.GET, "api/v1/customers/:id/notifications", orgAOnly, path { "/api/v1/customers/\($0.c1)/notifications" }),
            row(.GET, "api/v1/notification-templates", staff, path { _ in "/api/v1/notification-templates" }),
            row(.GET, "api/v1/notification-templates/:event/:channel", staff,
                path { _ in "/api/v1/notification-templates/task_completed/sms" }),
            row(.PUT, "api/v1/notification-templates/:event/:channel", [200, 403, 403, 403, 403, 403, 200, 400]) { _, _ in
                MatrixRequest("/api/v1/notification-templates/task_completed/sms", json: ["body": "Delivered: {{order.number}}"])
            },
            row(.DELETE, "api/v1/notification-templates/:event/:channel", [204, 403, 403, 403, 403, 403, 204, 400],
                path { _ in "/api/v1/notification-templates/task_completed/sms" }),
            row(.POST, "api/v1/notification-templates/:event/:channel/preview", staff) { _, _ in
                MatrixRequest("/api/v1/notification-templates/task_completed/sms/preview", json: ["body": "Hi {{customer.name}}"])
            },
            // Organization B's admin names a customer it cannot see: refused like a missing one.
            row(.POST, "api/v1/messages", [202, 202, 403, 403, 403, 403, 422, 400]) { w, _ in
                MatrixRequest("/api/v1/messages", json: ["channel": "email", "body": "News", "customer_ids": [w.c1]])
            },
            // The unsubscribe link is public: whoever holds it.
            row(.GET, "unsubscribe/:token", [200, 200, 200, 200, 200, 200, 200, 200]) { w, _ in
                MatrixRequest("/unsubscribe/\(try await unsubscribeToken(w))")
            },
            row(.POST, "unsubscribe/:token", [200, 200, 200, 200, 200, 200, 200, 200]) { w, _ in
                MatrixRequest("/unsubscribe/\(try await unsubscribeToken(w))")
            },
            // So is a task's tracking page.
            row(.GET, "track/:code", [200, 200, 200, 200, 200, 200, 200, 200]) { w, _ in
                let task = try await w.app.send(.GET, "/api/v1/tasks/\(w.c1Task)", token: w.orgA.adminToken)
                return MatrixRequest("/track/\(task["tracking_code"] as? String ?? "")")
            },
        ]
    }

    /// The id of a notification of a new task of organization A (made `failed` for a retry).
    static func freshNotification(_ w: MatrixWorld, failed: Bool = false) async throws -> String {
        let fresh = try await w.fresh()
        let list = try await w.app.send(.GET, "/api/v1/notifications?task_id=\(fresh.taskID)", token: w.orgA.adminToken)
        let id = try #require(list.data.first?["id"] as? String, "\(list.text)")
        if failed {
            try await (w.app.db as! any SQLDatabase).raw("UPDATE notifications SET status = 'failed' WHERE id = \(bind: UUID(uuidString: id)!)").run()
        }
        return id
    }

    /// A marketing email's unsubscribe token, sent to a new opted-in customer of organization A.
    static func unsubscribeToken(_ w: MatrixWorld) async throws -> String {
        let n = w.next()
        let customer = try await w.app.createCustomer(w.orgA.adminToken, [
            "name": "Listener \(n)", "email": "listener\(n)@example.com", "marketing": ["email_opt_in": true],
        ])["id"] as? String ?? ""
        _ = try await w.app.send(.POST, "/api/v1/messages", token: w.orgA.adminToken,
                                 json: ["channel": "email", "body": "<a href=\"{{unsubscribe_url}}\">x</a>", "customer_ids": [customer]])
        let sent = try await w.app.send(.GET, "/api/v1/customers/\(customer)/notifications", token: w.orgA.adminToken)
        let html = sent.data.first?["html"] as? String ?? ""
        let range = try #require(html.range(of: #"/unsubscribe/[0-9a-z]{26}"#, options: .regularExpression), "\(sent.text)")
        return String(html[range].dropFirst("/unsubscribe/".count))
    }
}
