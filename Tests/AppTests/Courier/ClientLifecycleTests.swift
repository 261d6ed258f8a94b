@testable import App
import Foundation
import SQLKit
import Testing
import Vapor

/// A courier's clients through their life, through the HTTP API (SPEC "Courier clients"): created pending, invited
/// with a single-use link by email (read from a real SMTP server), accepted with a password, its email changed only
/// once confirmed from the new address, deleted with its logins stopping at once.
@Suite struct ClientLifecycleTests {
    @Test func inviteAcceptEditConfirmAndDeleteWithEmailsFromARealSMTPServer() async throws {
        let smtp = try TestServerProcess(script: "smtp_server.py")
        try await withTestApp(adjust: { $0.outboxForTests(smtp: smtp) }) { app in
            let world = try await CourierWorld.make(app)
            let created = try await app.send(.POST, "/api/v1/clients", token: world.admin, json: [
                "name": "Sunrise Bakery", "email": "Orders@Sunrise.example", "settings": ["auto_assign_team_id": NSNull()],
            ])
            #expect(created.status == .created, "\(created.text)")
            #expect(created["status"] as? String == "pending")
            #expect(created["email"] as? String == "orders@sunrise.example")
            #expect(created["pending_email"] is NSNull)
            for key in ["id", "name", "email", "pending_email", "status", "settings", "created_at"] {
                #expect(created.json.keys.contains(key), "no \(key)")
            }
            let id = try #require(created["id"] as? String)

            // The same email again: 409.
            let twin = try await app.send(.POST, "/api/v1/clients", token: world.admin, json: ["name": "Twin", "email": "orders@sunrise.example"])
            twin.expectProblem(.conflict, field: "email")

            let invited = try await app.send(.POST, "/api/v1/clients/\(id)/invite", token: world.admin)
            #expect(invited.status == .accepted)
            #expect(invited["status"] as? String == "invited")
            try await OutboxTestDelivery.deliver(app)
            let mail = try #require(try smtp.received().last)
            #expect(mail["rcpt_tos"] as? [String] == ["orders@sunrise.example"])
            let raw = try #require(mail["raw"] as? String)
            let secret = try #require(Self.secret(in: raw, after: "/client/accept?token="), "\(raw)")
            // Once sent, the outbox no longer holds the link.
            let kept = try await SQLRows.all("SELECT body FROM notifications WHERE kind = 'account'", on: try app.db.sql)
            #expect(try kept.allSatisfy { !(try $0.decode(column: "body", as: String.self)).contains(secret) })
            // Staff never see account emails in the notification lists.
            let listed = try await app.send(.GET, "/api/v1/notifications", token: world.admin)
            #expect(!listed.data.contains { $0["kind"] as? String == "account" })

            let weak = try await app.send(.POST, "/api/v1/client-invitations/accept", json: ["token": secret, "password": "short"])
            weak.expectProblem(.unprocessableEntity, field: "password")
            let accepted = try await app.send(.POST, "/api/v1/client-invitations/accept",
                                              json: ["token": secret, "password": testPassword, "name": "Sam Baker"])
            #expect(accepted.status == .created, "\(accepted.text)")
            #expect((accepted["client"] as? [String: Any])?["status"] as? String == "active")
            #expect((accepted["user"] as? [String: Any])?["role"] as? String == "client")
            let again = try await app.send(.POST, "/api/v1/client-invitations/accept", json: ["token": secret, "password": testPassword])
            again.expectProblem(.gone, field: "token")

            // The client signs in like a user.
            let token = try await app.signIn("orders@sunrise.example", testPassword)
            #expect(try await app.send(.GET, "/api/v1/client/settings", token: token).status == .ok)

            // A new email waits until it is confirmed from the new address.
            let edited = try await app.send(.PATCH, "/api/v1/clients/\(id)", token: world.admin,
                                            json: ["name": "Sunrise Bakery Ltd", "email": "hello@sunrise.example",
                                                   "settings": ["brand_color": "#FA0"]])
            #expect(edited.status == .ok, "\(edited.text)")
            #expect(edited["email"] as? String == "orders@sunrise.example")
            #expect(edited["pending_email"] as? String == "hello@sunrise.example")
            #expect((edited["settings"] as? [String: Any])?["brand_color"] as? String == "#ffaa00")
            try await OutboxTestDelivery.deliver(app)
            let confirmation = try #require(try smtp.received().last)
            #expect(confirmation["rcpt_tos"] as? [String] == ["hello@sunrise.example"])
            let confirmationRaw = try #require(confirmation["raw"] as? String)
            let confirmSecret = try #require(Self.secret(in: confirmationRaw, after: "/client/confirm-email?token="))
            let confirmed = try await app.send(.POST, "/api/v1/client-emails/confirm", json: ["token": confirmSecret])
            #expect(confirmed.status == .ok, "\(confirmed.text)")
            #expect(confirmed["email"] as? String == "hello@sunrise.example")
            #expect(confirmed["pending_email"] is NSNull)
            try await app.send(.POST, "/api/v1/client-emails/confirm", json: ["token": confirmSecret]).expectProblem(.gone, field: "token")
            // Its login moved with it.
            _ = try await app.signIn("hello@sunrise.example", testPassword)

            // Every step is on the timeline, and in the audit log.
            let timeline = try await app.send(.GET, "/api/v1/clients/\(id)/timeline", token: world.dispatcher.token)
            let kinds = Set(timeline.data.compactMap { $0["kind"] as? String })
            #expect(kinds.isSuperset(of: ["created", "invited", "accepted", "email_change_requested", "email_confirmed"]), "\(kinds)")
            let audited = try await SQLRows.all("SELECT action FROM audit_log WHERE action LIKE 'client_%'", on: try app.db.sql)
            let actions = Set(try audited.map { try $0.decode(column: "action", as: String.self) })
            #expect(actions.isSuperset(of: ["client_created", "client_invited", "client_accepted", "client_email_change_requested",
                                            "client_email_confirmed"]), "\(actions)")

            // Deleted: its token stops on the very next request, it cannot sign in, and its orders stay.
            let order = try await world.order(token)
            #expect(order.status == .created, "\(order.text)")
            let deleted = try await app.send(.DELETE, "/api/v1/clients/\(id)", token: world.admin)
            #expect(deleted.status == .noContent)
            try await app.send(.GET, "/api/v1/client/orders", token: token).expectProblem(.unauthorized)
            let signIn = try await app.send(.POST, "/api/v1/auth/token", json: ["email": "hello@sunrise.example", "password": testPassword])
            signIn.expectProblem(.unauthorized)
            let shown = try await app.send(.GET, "/api/v1/clients/\(id)", token: world.admin)
            #expect(shown["status"] as? String == "deleted")
            let orderID = try #require(order["id"] as? String)
            #expect(try await app.send(.GET, "/api/v1/orders/\(orderID)", token: world.admin).status == .ok)
            let tasks = try await app.send(.GET, "/api/v1/tasks?order_id=\(orderID)", token: world.admin)
            #expect(tasks.data.count == 3)
            // A deleted client's email is free again.
            _ = try await world.createClient("Sunrise again", email: "hello@sunrise.example")
            try await app.send(.POST, "/api/v1/clients/\(id)/invite", token: world.admin).expectProblem(.conflict, field: "status")
        }
    }

    @Test func everyLinkThatNoLongerOpensIs410AndAnUnknownOneIs404() async throws {
        try await withTestApp(adjust: { $0.outboxForTests() }) { app in
            let world = try await CourierWorld.make(app)
            let id = try await world.createClient("Pharmacy", email: "rx@example.com")
            let first = try await CourierWorld.inviteSecret(app, clientID: id, token: world.admin)
            let second = try await CourierWorld.inviteSecret(app, clientID: id, token: world.admin)
            #expect(first != second)
            // Voided by the newer invitation.
            let voided = try await app.send(.POST, "/api/v1/client-invitations/accept", json: ["token": first, "password": testPassword])
            voided.expectProblem(.gone, field: "token")
            #expect((voided["detail"] as? String)?.contains("newer") == true)
            // Expired: seven days later.
            try await SQLRows.run("UPDATE client_links SET expires_at = \(bind: Date().addingTimeInterval(-1))", on: try app.db.sql)
            let expired = try await app.send(.POST, "/api/v1/client-invitations/accept", json: ["token": second, "password": testPassword])
            expired.expectProblem(.gone, field: "token")
            #expect((expired["detail"] as? String)?.contains("expired") == true)
            let links = try await SQLRows.all("SELECT expires_at, created_at FROM client_links", on: try app.db.sql)
            #expect(links.count == 2)
            // Stored only as hashes.
            let hashes = try await SQLRows.all("SELECT token_hash FROM client_links", on: try app.db.sql)
            #expect(try hashes.allSatisfy { try $0.decode(column: "token_hash", as: String.self) != second })

            try await app.send(.POST, "/api/v1/client-invitations/accept", json: ["token": "not-a-link", "password": testPassword])
                .expectProblem(.notFound)
            try await app.send(.POST, "/api/v1/client-invitations/accept", json: ["password": testPassword])
                .expectProblem(.unprocessableEntity, field: "token")
            try await app.send(.POST, "/api/v1/client-invitations/accept", json: "{").expectProblem(.badRequest)

            // Used; and a confirmation superseded by a later change of email.
            let third = try await CourierWorld.inviteSecret(app, clientID: id, token: world.admin)
            #expect(try await app.send(.POST, "/api/v1/client-invitations/accept", json: ["token": third, "password": testPassword]).status == .created)
            try await app.send(.POST, "/api/v1/client-invitations/accept", json: ["token": third, "password": testPassword])
                .expectProblem(.gone)
            #expect(try await app.send(.PATCH, "/api/v1/clients/\(id)", token: world.admin, json: ["email": "one@example.com"]).status == .ok)
            let toOne = try await CourierWorld.linkSecret(app, clientID: id, path: "/client/confirm-email?token=")
            #expect(try await app.send(.PATCH, "/api/v1/clients/\(id)", token: world.admin, json: ["email": "two@example.com"]).status == .ok)
            try await app.send(.POST, "/api/v1/client-emails/confirm", json: ["token": toOne]).expectProblem(.gone, field: "token")
            // Deleting voids the open link.
            let toTwo = try await CourierWorld.linkSecret(app, clientID: id, path: "/client/confirm-email?token=")
            #expect(try await app.send(.DELETE, "/api/v1/clients/\(id)", token: world.admin).status == .noContent)
            try await app.send(.POST, "/api/v1/client-emails/confirm", json: ["token": toTwo]).expectProblem(.gone, field: "token")
        }
    }

    @Test func clientFieldsAreValidatedFieldByField() async throws {
        try await withTestApp(adjust: { $0.outboxForTests() }) { app in
            let world = try await CourierWorld.make(app)
            let bad = try await app.send(.POST, "/api/v1/clients", token: world.admin, json: [
                "email": "not-an-email", "settings": ["brand_color": "red", "logo_url": "http://insecure.example/logo.png",
                                                      "message": String(repeating: "x", count: 501), "recipient_events": ["nope"],
                                                      "auto_assign_team_id": "x", "colour": 1],
            ])
            bad.expectProblem(.unprocessableEntity)
            for field in ["name", "email", "settings.brand_color", "settings.logo_url", "settings.message", "settings.recipient_events[0]",
                          "settings.auto_assign_team_id", "settings.colour"] {
                #expect(bad.fieldErrors.contains(field), "\(field): \(bad.fieldErrors)")
            }
            let unknownTeam = try await app.send(.POST, "/api/v1/clients", token: world.admin, json: [
                "name": "X", "email": "x@example.com", "settings": ["auto_assign_team_id": UUID().uuidString],
            ])
            unknownTeam.expectProblem(.unprocessableEntity, field: "settings.auto_assign_team_id")
            #expect(try await app.send(.GET, "/api/v1/clients", token: world.admin)["total"] as? Int == 0, "nothing half-written")

            // Not a courier: 404 on every courier route.
            let plain = try await app.createOrganization("plain", rootToken: try await app.rootToken())
            try await app.send(.GET, "/api/v1/clients", token: plain.adminToken).expectProblem(.notFound)
            try await app.send(.POST, "/api/v1/teams", token: plain.adminToken, json: ["name": "A"]).expectProblem(.notFound)
        }
    }

    /// The secret after `prefix` in a raw email (quoted-printable soft breaks undone).
    static func secret(in raw: String, after prefix: String) -> String? {
        let text = raw.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=\n", with: "")
        guard let range = text.range(of: prefix) else { return nil }
        let secret = text[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        return secret.isEmpty ? nil : String(secret)
    }
}
