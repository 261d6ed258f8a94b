@testable import App
import Foundation
import Testing
import Vapor

/// Templates per event and channel (SPEC "Notifications"): Mustache with the named variables, checked when saved.
@Suite struct NotificationTemplateTests {
    @Test func everyEventAndChannelHasATemplateAndAnOwnOneIsUsedForTheNextMessage() async throws {
        try await withTestApp(adjust: { $0.outboxForTests() }) { app in
            let world = try await NotificationWorld.make(app)
            let list = try await app.send(.GET, "/api/v1/notification-templates", token: world.org.adminToken)
            #expect(list.status == .ok)
            #expect(list.data.count == 15)
            #expect(list.data.allSatisfy { $0["customized"] as? Bool == false })
            let email = try #require(list.data.first { $0["event"] as? String == "task_in_transit" && $0["channel"] as? String == "email" })
            #expect((email["variables"] as? [String])?.contains("{{tracking_url}}") == false)
            #expect((email["variables"] as? [String])?.contains("tracking_url") == true)

            let saved = try await app.send(.PUT, "/api/v1/notification-templates/task_created/email", token: world.org.adminToken,
                                           json: ["subject": "Order {{order.number}} for {{customer.name}}",
                                                  "body": "<p>Dear {{customer.name}}, {{organization.name}} has it.</p>"])
            #expect(saved.status == .ok, "\(saved.text)")
            #expect(saved["customized"] as? Bool == true && saved["updated_by"] as? String == "Admin acme")
            let customer = try await world.customer(["name": "Ada & Co", "email": "ada@example.com"])
            _ = try await world.task(for: customer)
            let sent = try #require(try await world.notifications("&channel=email").first)
            #expect((sent["subject"] as? String)?.hasPrefix("Order ") == true && (sent["subject"] as? String)?.hasSuffix("for Ada & Co") == true,
                    "the subject is plain text: \(sent["subject"] ?? "")")
            #expect(sent["html"] as? String == "<p>Dear Ada &amp; Co, Org acme has it.</p>")
            #expect(sent["body"] as? String == "Dear Ada & Co, Org acme has it.")

            let reset = try await app.send(.DELETE, "/api/v1/notification-templates/task_created/email", token: world.org.adminToken)
            #expect(reset.status == .noContent)
            let back = try await app.send(.GET, "/api/v1/notification-templates/task_created/email", token: world.org.adminToken)
            #expect(back["customized"] as? Bool == false)
        }
    }

    @Test func badTemplatesAre422NamingTheField() async throws {
        try await withTestApp(adjust: { $0.outboxForTests() }) { app in
            let world = try await NotificationWorld.make(app)
            func put(_ path: String, _ body: [String: Any]) async throws -> APIResponse {
                try await app.send(.PUT, "/api/v1/notification-templates/\(path)", token: world.org.adminToken, json: body)
            }
            try await put("task_created/sms", ["body": "Hi {{customer.password}}"]).expectProblem(.unprocessableEntity, field: "body")
            try await put("task_created/sms", ["body": "Hi {{#customer.name}}"]).expectProblem(.unprocessableEntity, field: "body")
            try await put("task_created/sms", ["body": "Hi {{customer.name"]).expectProblem(.unprocessableEntity, field: "body")
            try await put("task_created/sms", ["body": "{{> header}}"]).expectProblem(.unprocessableEntity, field: "body")
            try await put("task_created/sms", ["body": String(repeating: "x", count: 20 * 1024 + 1)])
                .expectProblem(.unprocessableEntity, field: "body")
            try await put("task_created/sms", ["body": "   "]).expectProblem(.unprocessableEntity, field: "body")
            try await put("task_created/email", ["subject": "Hi\r\nBcc: victim@example.com", "body": "x"])
                .expectProblem(.unprocessableEntity, field: "subject")
            try await put("task_created/sms", ["subject": "x", "body": "x"]).expectProblem(.unprocessableEntity, field: "subject")
            try await put("task_lost/email", ["body": "x"]).expectProblem(.unprocessableEntity, field: "event")
            try await put("task_created/pigeon", ["body": "x"]).expectProblem(.unprocessableEntity, field: "channel")
            try await put("task_created/sms", ["body": 42]).expectProblem(.unprocessableEntity)
            // The 20 KB limit is the template's; a body of exactly 20 KB is fine.
            let largest = try await put("task_created/sms", ["body": String(repeating: "x", count: 20 * 1024)])
            #expect(largest.status == .ok)
        }
    }

    @Test func aPreviewRendersSampleValuesEscapedAndSavesNothing() async throws {
        try await withTestApp(adjust: { $0.outboxForTests() }) { app in
            let world = try await NotificationWorld.make(app)
            let preview = try await app.send(.POST, "/api/v1/notification-templates/task_in_transit/email/preview",
                                             token: world.org.adminToken,
                                             json: ["body": "<p>{{customer.first_name}} — {{task.eta}} — <a href=\"{{tracking_url}}\">track</a></p>"])
            #expect(preview.status == .ok, "\(preview.text)")
            #expect((preview["html"] as? String)?.contains("href=\"https://crm.example.test/track/") == true, "\(preview.text)")
            #expect((preview["body"] as? String)?.hasPrefix("Ada — ") == true)
            #expect(preview["subject"] as? String == "Your order A1B2C3D4E5 is on its way")
            let broken = try await app.send(.POST, "/api/v1/notification-templates/task_in_transit/email/preview",
                                            token: world.org.adminToken, json: ["body": "{{nope}}"])
            broken.expectProblem(.unprocessableEntity, field: "body")
            let inUse = try await app.send(.POST, "/api/v1/notification-templates/task_in_transit/sms/preview", token: world.org.adminToken)
            #expect(inUse.status == .ok && (inUse["body"] as? String)?.hasPrefix("Org acme: Your order A1B2C3D4E5 is on its way") == true,
                    "\(inUse.text)")
            let list = try await app.send(.GET, "/api/v1/notification-templates", token: world.org.adminToken)
            #expect(list.data.allSatisfy { $0["customized"] as? Bool == false })
        }
    }

    @Test func onlyAdminsChangeTemplatesDispatchersReadThem() async throws {
        try await withTestApp(adjust: { $0.outboxForTests() }) { app in
            let world = try await NotificationWorld.make(app)
            let dispatcher = try await app.createUser(in: world.org, role: "dispatcher")
            #expect(try await app.send(.GET, "/api/v1/notification-templates", token: dispatcher.token).status == .ok)
            try await app.send(.PUT, "/api/v1/notification-templates/task_created/sms", token: dispatcher.token, json: ["body": "x"])
                .expectProblem(.forbidden)
            for role in ["agent", "guest"] {
                let user = try await app.createUser(in: world.org, role: role)
                try await app.send(.GET, "/api/v1/notification-templates", token: user.token).expectProblem(.forbidden)
            }
        }
    }
}
