@testable import App
import Foundation
import Testing
import Vapor

/// Email leaves through the outbox to a real SMTP server (aiosmtpd, Tests/support/smtp_server.py).
@Suite struct EmailDeliveryTests {
    @Test func anEmailArrivesWithItsIdAsMessageIDAndBothParts() async throws {
        let smtp = try TestServerProcess(script: "smtp_server.py")
        try await withTestApp(adjust: { $0.outboxForTests(smtp: smtp) }) { app in
            let world = try await NotificationWorld.make(app)
            let customer = try await world.customer(["name": "Ada <Lovelace>", "email": "ada@example.com"])
            _ = try await world.task(for: customer)
            let id = try #require(try await world.notifications("&channel=email").first?["id"] as? String)
            try await world.deliver()
            let received = try smtp.received()
            #expect(received.count == 1)
            let mail = try #require(received.first)
            #expect(mail["message_id"] as? String == "<\(id)@crm.example.test>")
            #expect(mail["rcpt_tos"] as? [String] == ["ada@example.com"])
            let raw = try #require(mail["raw"] as? String)
            #expect(raw.contains("multipart/alternative") && raw.contains("text/plain") && raw.contains("text/html"))
            #expect(raw.contains("From: Acme <orders@acme.test>"))
            #expect(raw.contains("Ada &lt;Lovelace&gt;"), "the HTML part escapes the name")
            #expect(try await app.send(.GET, "/api/v1/notifications/\(id)", token: world.org.adminToken)["status"] as? String == "sent")
        }
    }

    @Test func aRefusedRecipientFailsThatNotificationOnlyAndMarketingCarriesOneClickUnsubscribe() async throws {
        let smtp = try TestServerProcess(script: "smtp_server.py", arguments: ["--reject-rcpt", "refused"])
        try await withTestApp(adjust: { $0.outboxForTests(smtp: smtp) }) { app in
            let world = try await NotificationWorld.make(app)
            let refused = try await world.customer(["name": "R", "email": "refused@example.com", "marketing": ["email_opt_in": true]])
            let fine = try await world.customer(["name": "F", "email": "fine@example.com", "marketing": ["email_opt_in": true]])
            let sent = try await app.send(.POST, "/api/v1/messages", token: world.org.adminToken,
                                          json: ["channel": "email", "body": "<p>Sale</p>", "customer_ids": [refused, fine]])
            #expect(sent["queued"] as? Int == 2)
            try await world.deliver()
            let failed = try #require(try await world.notifications("&customer_id=\(refused)").first)
            #expect(failed["status"] as? String == "failed" && failed["attempts"] as? Int == 1, "\(failed)")
            #expect((failed["last_error"] as? String)?.contains("550") == true)
            let ok = try #require(try await world.notifications("&customer_id=\(fine)").first)
            #expect(ok["status"] as? String == "sent")
            let raw = try #require(try smtp.received().first?["raw"] as? String)
            #expect(raw.range(of: #"List-Unsubscribe: <https://crm\.example\.test/unsubscribe/[0-9a-z]{26}>"#, options: .regularExpression) != nil,
                    "\(raw)")
            #expect(raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"))
        }
    }

    @Test func aTransactionalEmailHasNoUnsubscribeHeaders() async throws {
        let smtp = try TestServerProcess(script: "smtp_server.py")
        try await withTestApp(adjust: { $0.outboxForTests(smtp: smtp) }) { app in
            let world = try await NotificationWorld.make(app)
            _ = try await world.task(for: try await world.customer(["name": "T", "email": "t@example.com"]))
            try await world.deliver()
            let raw = try #require(try smtp.received().first?["raw"] as? String)
            #expect(!raw.contains("List-Unsubscribe"))
        }
    }
}
