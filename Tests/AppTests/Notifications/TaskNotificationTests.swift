@testable import App
import Foundation
import Testing
import Vapor

/// A task's life writes the matrix's notifications in the transaction that moves it (SPEC "Notifications").
@Suite struct TaskNotificationTests {
    @Test func eachMoveWritesTheMatrixChannelsAndAMissingPhoneIsARecordedSkip() async throws {
        try await withTestApp(adjust: { $0.outboxForTests() }) { app in
            let world = try await NotificationWorld.make(app)
            let agent = try await app.createUser(in: world.org, role: "agent")
            let customer = try await world.customer(["name": "Ada Lovelace", "first_name": "Ada", "email": "ada@example.com"])
            let task = try await world.task(for: customer)

            var all = try await world.notifications()
            #expect(Set(all.map { "\($0["event"]!)/\($0["channel"]!)" }) == ["task_created/in_app", "task_created/email"])
            let email = try #require(all.first { $0["channel"] as? String == "email" })
            #expect(email["status"] as? String == "queued")
            #expect(email["to"] as? String == "ada@example.com")
            #expect(email["customer_id"] as? String == customer)
            #expect(email["task_id"] as? String == task)
            #expect((email["subject"] as? String)?.contains("We have your order") == true)
            #expect((email["body"] as? String)?.hasPrefix("Hello Ada,") == true, "\(email["body"] ?? "")")
            let inApp = try #require(all.first { $0["channel"] as? String == "in_app" })
            #expect(inApp["status"] as? String == "sent")

            // Moves that notify nobody write nothing.
            try await world.move(task, through: ["awaiting_assignment", "assigned"], agent: agent)
            #expect(try await world.notifications().count == 2)

            try await world.move(task, through: ["accepted", "in_transit"])
            all = try await world.notifications("&event=task_in_transit")
            #expect(Set(all.compactMap { $0["channel"] as? String }) == ["in_app", "email", "sms"])
            let sms = try #require(all.first { $0["channel"] as? String == "sms" })
            #expect(sms["status"] as? String == "skipped")
            #expect(sms["skip_reason"] as? String == "no_phone")
            #expect(sms["to"] is NSNull)
            let tracking = try #require(all.first { $0["channel"] as? String == "email" }?["body"] as? String)
            #expect(tracking.contains("https://crm.example.test/track/"), "\(tracking)")

            let timeline = try await app.send(.GET, "/api/v1/customers/\(customer)/timeline?per_page=100", token: world.org.adminToken)
            let skips = timeline.data.filter { $0["type"] as? String == "notification_skipped" }
            #expect(skips.count == 1, "\(timeline.text)")
            let details = skips.first?["details"] as? [String: Any]
            #expect(details?["channel"] as? String == "sms" && details?["reason"] as? String == "no_phone")

            let mine = try await app.send(.GET, "/api/v1/customers/\(customer)/notifications?channel=email", token: world.org.adminToken)
            #expect(mine.status == .ok)
            #expect(mine.data.count == 3 && mine.data.allSatisfy { $0["channel"] as? String == "email" })
        }
    }

    @Test func theMatrixIsTheOrganizationsAndValidatedFieldByField() async throws {
        try await withTestApp(adjust: { $0.outboxForTests() }) { app in
            let world = try await NotificationWorld.make(app)
            let org = try await app.send(.GET, "/api/v1/organizations/\(world.org.id)", token: world.org.adminToken)
            let matrix = (org["settings"] as? [String: Any])?["notifications"] as? [String: [String]]
            #expect(matrix?["task_in_transit"] == ["email", "sms", "in_app"])
            #expect(matrix?["task_created"] == ["email", "in_app"])

            let bad = try await app.send(.PATCH, "/api/v1/organizations/\(world.org.id)", token: world.org.adminToken,
                                         json: ["settings": ["notifications": ["task_lost": ["email"], "task_created": ["email", "pigeon"]]]])
            bad.expectProblem(.unprocessableEntity, field: "settings.notifications.task_lost")
            #expect(bad.fieldErrors.contains("settings.notifications.task_created[1]"), "\(bad.fieldErrors)")
            let notObject = try await app.send(.PATCH, "/api/v1/organizations/\(world.org.id)", token: world.org.adminToken,
                                               json: ["settings": ["notifications": ["task_created": "email"]]])
            notObject.expectProblem(.unprocessableEntity, field: "settings.notifications.task_created")

            // Task creation off entirely, in transit by SMS only.
            let changed = try await app.send(.PATCH, "/api/v1/organizations/\(world.org.id)", token: world.org.adminToken,
                                             json: ["settings": ["notifications": ["task_created": [], "task_in_transit": ["sms"]]]])
            #expect(changed.status == .ok, "\(changed.text)")
            let saved = (changed["settings"] as? [String: Any])?["notifications"] as? [String: [String]]
            #expect(saved?["task_created"] == [] && saved?["task_in_transit"] == ["sms"] && saved?["task_completed"] == ["email", "sms", "in_app"])
            let customer = try await world.customer(["name": "Bo", "phone": "+14155550101"])
            let task = try await world.task(for: customer)
            #expect(try await world.notifications().isEmpty)
            let agent = try await app.createUser(in: world.org, role: "agent")
            try await world.move(task, through: ["awaiting_assignment", "assigned", "accepted", "in_transit"], agent: agent)
            let sent = try await world.notifications()
            #expect(sent.count == 1 + 2, "accepted: email (skipped, no email) and in_app; in transit: sms")
            #expect(sent.contains { $0["event"] as? String == "task_in_transit" && $0["channel"] as? String == "sms"
                && $0["to"] as? String == "+14155550101" && $0["status"] as? String == "queued" })
        }
    }

    @Test func valuesAreEscapedInTheHTMLPartAndPlainInTheText() async throws {
        try await withTestApp(adjust: { $0.outboxForTests() }) { app in
            let world = try await NotificationWorld.make(app)
            let customer = try await world.customer(["name": "<b>Bo & Co</b>", "first_name": "<script>x</script>",
                                                     "email": "bo@example.com"])
            _ = try await world.task(for: customer)
            let email = try #require(try await world.notifications("&channel=email").first)
            let html = try #require(email["html"] as? String)
            #expect(html.contains("Hello &lt;script&gt;x&lt;/script&gt;,"), "\(html)")
            #expect(!html.contains("<script>"))
            let text = try #require(email["body"] as? String)
            #expect(text.contains("Hello <script>x</script>,"), "\(text)")
            #expect(!text.contains("<p>"))
        }
    }

    @Test func anotherOrganizationsNotificationIs404AndAgentsAndGuestsSeeNone() async throws {
        try await withTestApp(adjust: { $0.outboxForTests() }) { app in
            let world = try await NotificationWorld.make(app)
            let other = try await NotificationWorld.make(app, slug: "other")
            let customer = try await world.customer(["name": "Ada", "email": "ada@example.com"])
            _ = try await world.task(for: customer)
            let id = try #require(try await world.notifications().first?["id"] as? String)
            let foreign = try await app.send(.GET, "/api/v1/notifications/\(id)", token: other.org.adminToken)
            foreign.expectProblem(.notFound)
            #expect(try await other.notifications().isEmpty)
            let theirs = try await app.send(.GET, "/api/v1/customers/\(customer)/notifications", token: other.org.adminToken)
            theirs.expectProblem(.notFound)
            for role in ["agent", "guest"] {
                let user = try await app.createUser(in: world.org, role: role)
                let refused = try await app.send(.GET, "/api/v1/notifications", token: user.token)
                refused.expectProblem(.forbidden)
            }
            let dispatcher = try await app.createUser(in: world.org, role: "dispatcher")
            let seen = try await app.send(.GET, "/api/v1/notifications/\(id)", token: dispatcher.token)
            #expect(seen.status == .ok)
        }
    }
}
