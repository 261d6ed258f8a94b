@testable import App
import Foundation
import Testing
import Vapor

/// Marketing messages go only to customers who opted in; one click on the link opts out (SPEC "Notifications").
@Suite struct MarketingMessageTests {
    @Test func onlyOptedInCustomersWithAnAddressGetIt() async throws {
        try await withTestApp(adjust: { $0.outboxForTests() }) { app in
            let world = try await NotificationWorld.make(app)
            let yes = try await world.customer(["name": "Yes", "email": "yes@example.com", "marketing": ["email_opt_in": true]])
            let no = try await world.customer(["name": "No", "email": "no@example.com"])
            let noEmail = try await world.customer(["name": "Phone Only", "phone": "+14155550111", "marketing": ["email_opt_in": true]])
            let sent = try await app.send(.POST, "/api/v1/messages", token: world.org.adminToken, json: [
                "channel": "email", "subject": "Hello {{customer.first_name}}", "body": "<p>{{customer.name}}, 10% off at {{organization.name}}</p>",
                "customer_ids": [yes, no, noEmail],
            ])
            #expect(sent.status == .accepted, "\(sent.text)")
            #expect(sent["queued"] as? Int == 1 && sent["skipped_no_consent"] as? Int == 1 && sent["skipped_no_contact"] as? Int == 1)
            let messages = try await world.notifications("&event=marketing")
            #expect(messages.count == 3)
            let queued = try #require(messages.first { $0["status"] as? String == "queued" })
            #expect(queued["customer_id"] as? String == yes && queued["to"] as? String == "yes@example.com")
            #expect(queued["subject"] as? String == "Hello Yes" && queued["kind"] as? String == "marketing")
            // The body named no unsubscribe link: the message carries one anyway, in both parts.
            #expect((queued["html"] as? String)?.contains("href=\"https://crm.example.test/unsubscribe/") == true, "\(queued)")
            #expect((queued["body"] as? String)?.contains("Unsubscribe (https://crm.example.test/unsubscribe/") == true, "\(queued)")
            #expect(messages.contains { $0["customer_id"] as? String == no && $0["skip_reason"] as? String == "no_consent" })
            #expect(messages.contains { $0["customer_id"] as? String == noEmail && $0["skip_reason"] as? String == "no_email" })

            let byFilter = try await app.send(.POST, "/api/v1/messages", token: world.org.adminToken, json: [
                "channel": "sms", "body": "Hi {{customer.name}}", "filters": ["has_phone": true],
            ])
            #expect(byFilter.status == .accepted && byFilter["skipped_no_consent"] as? Int == 1 && byFilter["queued"] as? Int == 0,
                    "\(byFilter.text)")
        }
    }

    @Test func oneClickOnTheLinkOptsOutWithItsSourceInTheConsentHistory() async throws {
        try await withTestApp(adjust: { $0.outboxForTests() }) { app in
            let world = try await NotificationWorld.make(app)
            let customer = try await world.customer(["name": "Ada", "email": "ada@example.com", "marketing": ["email_opt_in": true]])
            _ = try await app.send(.POST, "/api/v1/messages", token: world.org.adminToken, json: [
                "channel": "email", "body": "<p>News</p><p><a href=\"{{unsubscribe_url}}\">Unsubscribe</a></p>", "customer_ids": [customer],
            ])
            let message = try #require(try await world.notifications("&event=marketing").first)
            let html = try #require(message["html"] as? String)
            let link = try #require(html.range(of: #"https://crm\.example\.test/unsubscribe/[0-9a-z]{26}"#, options: .regularExpression))
            let path = String(html[link].dropFirst("https://crm.example.test".count))

            let page = try await app.send(.GET, path)
            #expect(page.status == .ok && page.text.contains("Org acme") && !page.text.contains("ada@example.com"))
            let still = try await app.send(.GET, "/api/v1/customers/\(customer)", token: world.org.adminToken)
            #expect((still["marketing"] as? [String: Any])?["email_opt_in"] as? Bool == true, "a GET changes nothing")

            var headers = HTTPHeaders()
            headers.contentType = .urlEncodedForm
            let clicked = try await app.send(.POST, path, json: "List-Unsubscribe=One-Click",
                                             headers: [("Content-Type", "application/x-www-form-urlencoded")])
            #expect(clicked.status == .ok, "\(clicked.text)")
            let after = try await app.send(.GET, "/api/v1/customers/\(customer)", token: world.org.adminToken)
            let marketing = try #require(after["marketing"] as? [String: Any])
            #expect(marketing["email_opt_in"] as? Bool == false && marketing["email_opt_in_source"] as? String == "unsubscribe_link")
            let timeline = try await app.send(.GET, "/api/v1/customers/\(customer)/timeline?per_page=100", token: world.org.adminToken)
            #expect(timeline.data.contains {
                $0["type"] as? String == "marketing_changed" && ($0["details"] as? [String: Any])?["source"] as? String == "unsubscribe_link"
            }, "\(timeline.text)")
            #expect(try await app.send(.POST, path).status == .ok, "a second click is fine")
            #expect(try await app.send(.POST, "/unsubscribe/00000000000000000000000000").status == .notFound)

            let again = try await app.send(.POST, "/api/v1/messages", token: world.org.adminToken,
                                           json: ["channel": "email", "body": "More news", "customer_ids": [customer]])
            #expect(again["skipped_no_consent"] as? Int == 1)
        }
    }

    @Test func badMessagesAre422NamingTheField() async throws {
        try await withTestApp(adjust: { $0.outboxForTests() }) { app in
            let world = try await NotificationWorld.make(app)
            let other = try await NotificationWorld.make(app, slug: "other")
            let theirs = try await other.customer(["name": "Theirs", "email": "t@example.com"])
            func send(_ body: [String: Any]) async throws -> APIResponse {
                try await app.send(.POST, "/api/v1/messages", token: world.org.adminToken, json: body)
            }
            try await send(["channel": "pigeon", "body": "x", "customer_ids": []]).expectProblem(.unprocessableEntity, field: "channel")
            try await send(["channel": "in_app", "body": "x", "customer_ids": []]).expectProblem(.unprocessableEntity, field: "channel")
            try await send(["channel": "sms", "body": "{{customer.email}}", "customer_ids": []]).expectProblem(.unprocessableEntity, field: "body")
            try await send(["channel": "sms", "body": "x"]).expectProblem(.unprocessableEntity, field: "customer_ids")
            try await send(["channel": "sms", "body": "x", "customer_ids": ["nope"]]).expectProblem(.unprocessableEntity, field: "customer_ids[0]")
            try await send(["channel": "sms", "body": "x", "customer_ids": [theirs]]).expectProblem(.unprocessableEntity, field: "customer_ids[0]")
            try await send(["channel": "sms", "body": "x", "filters": ["colour": "red"]]).expectProblem(.unprocessableEntity, field: "filters.colour")
            try await send(["channel": "sms", "body": "x", "filters": ["status": "asleep"]]).expectProblem(.unprocessableEntity, field: "filters.status")
            try await send(["channel": "email", "subject": "a\nb", "body": "x", "filters": [:]]).expectProblem(.unprocessableEntity, field: "subject")
            try await send(["channel": "sms", "body": "x", "customer_ids": Array(repeating: UUID().uuidString, count: 1001)])
                .expectProblem(.unprocessableEntity, field: "customer_ids")
            let agent = try await app.createUser(in: world.org, role: "agent")
            try await app.send(.POST, "/api/v1/messages", token: agent.token, json: ["channel": "sms", "body": "x", "filters": [:]])
                .expectProblem(.forbidden)
            #expect(try await world.notifications().isEmpty, "nothing half-written")
        }
    }
}
