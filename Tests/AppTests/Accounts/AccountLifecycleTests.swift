@testable import App
import Foundation
import SQLKit
import Testing
import Vapor

/// One person, many organizations (SPEC "The customer account"), through the HTTP API, with every email read from a real
/// SMTP server: sign-up → verify → link two organizations → the profile flows to both records, except a field one
/// organization overrode, and a phone the other organization's rules refuse becomes a conflict for its staff.
@Suite struct AccountLifecycleTests {
    @Test func signUpVerifyLinkTwoOrganizationsAndTheProfileFlows() async throws {
        let smtp = try TestServerProcess(script: "smtp_server.py")
        try await withTestApp(adjust: { $0.outboxForTests(smtp: smtp) }) { app in
            let world = AccountWorld(app: app, smtp: smtp)
            let root = try await app.rootToken()
            let alpha = try await app.createOrganization("alpha", rootToken: root)
            let bravo = try await app.createOrganization("bravo", rootToken: root)
            // Alpha knows Ann already; Bravo has another customer with the phone Ann will choose.
            let existing = try await app.send(.POST, "/api/v1/customers", token: alpha.adminToken,
                                              json: ["name": "A. Lee", "email": "ann@example.com", "notes": "VIP"])
            #expect(existing.status == .created, "\(existing.text)")
            let alphaID = try #require(existing["id"] as? String)
            let other = try await app.send(.POST, "/api/v1/customers", token: bravo.adminToken,
                                           json: ["name": "Bob Other", "phone": "+49 30 1234567"])
            #expect(other.status == .created)

            // Sign-up answers the same for a new and a known address.
            let body: [String: Any] = ["email": "Ann@Example.com", "password": testPassword, "name": "Ann Lee", "preferred_language": "de"]
            let first = try await app.send(.POST, "/api/v1/accounts", json: body)
            #expect(first.status == .created, "\(first.text)")
            let second = try await app.send(.POST, "/api/v1/accounts", json: body)
            #expect(second.status == .created)
            #expect(first.text == second.text)
            try await app.send(.POST, "/api/v1/accounts", json: ["email": "x@example.com", "password": "short"])
                .expectProblem(.unprocessableEntity, field: "password")
            try await app.send(.POST, "/api/v1/accounts", json: ["password": testPassword]).expectProblem(.unprocessableEntity, field: "email")

            // An unverified account signs in but links nothing.
            let unverified = try await world.signIn("ann@example.com")
            try await world.join(unverified, "alpha").expectProblem(.forbidden)
            try await app.send(.POST, "/api/v1/accounts/token", json: ["email": "ann@example.com", "password": "wrong-password-1"])
                .expectProblem(.unauthorized)

            let secret = try await world.secret(to: "ann@example.com", path: "/account/verify?token=")
            let verified = try await app.send(.POST, "/api/v1/accounts/verify", json: ["token": secret])
            #expect(verified.status == .ok, "\(verified.text)")
            #expect(verified["email_verified"] as? Bool == true)
            try await app.send(.POST, "/api/v1/accounts/verify", json: ["token": secret]).expectProblem(.gone, field: "token")
            try await app.send(.POST, "/api/v1/accounts/verify", json: ["token": "not-a-real-token"]).expectProblem(.notFound)
            // The second sign-up told the owner instead of creating anything.
            #expect(try smtp.received().contains { ($0["raw"] as? String)?.contains("already have an account") == true })

            let token = unverified
            let joined = try await world.join(token, "alpha")
            #expect(joined.status == .created, "\(joined.text)")
            #expect(joined["organization_id"] as? String == alpha.id)
            #expect(try await world.join(token, "alpha").status == .ok)
            #expect(try await world.join(token, "bravo").status == .created)
            try await world.join(token, "no-such-org").expectProblem(.unprocessableEntity, field: "organization")
            let links = try await app.send(.GET, "/api/v1/account/links", token: token)
            #expect(links.data.count == 2)

            // Alpha's record was linked (not duplicated) and took the account's profile; staff see only that it is linked.
            var a = try await app.send(.GET, "/api/v1/customers/\(alphaID)", token: alpha.adminToken).json
            let account = try #require(a["account"] as? [String: Any])
            #expect(Set(account.keys) == ["linked", "since"])
            #expect(account["linked"] as? Bool == true)
            #expect(a["name"] as? String == "Ann Lee")
            #expect(a["preferred_language"] as? String == "de")
            #expect(a["notes"] as? String == "VIP")
            // Bravo's record was created through intake.
            var b = try await world.record(bravo, email: "ann@example.com")
            #expect(b["name"] as? String == "Ann Lee")
            #expect((b["account"] as? [String: Any])?["linked"] as? Bool == true)

            // Alpha's staff override the name; a staff edit of the language is refused (the person chose it).
            let renamed = try await app.send(.PATCH, "/api/v1/customers/\(alphaID)", token: alpha.adminToken, json: ["name": "Annie L."])
            #expect(renamed.status == .ok, "\(renamed.text)")
            #expect(renamed["overridden_fields"] as? [String] == ["name"])
            try await app.send(.PATCH, "/api/v1/customers/\(alphaID)", token: alpha.adminToken, json: ["preferred_language": "fr"])
                .expectProblem(.conflict, field: "preferred_language")

            // The person changes name and phone once: Alpha keeps its name and takes the phone; Bravo takes the name, and
            // its rules refuse the phone (another customer has it), which its staff see as a conflict.
            let changed = try await app.send(.PATCH, "/api/v1/account", token: token,
                                             json: ["name": "Ann Lee-Smith", "first_name": "Ann", "phone": "+49 30 1234567"])
            #expect(changed.status == .ok, "\(changed.text)")
            #expect(changed["phone"] as? String == "+49301234567")
            a = try await app.send(.GET, "/api/v1/customers/\(alphaID)", token: alpha.adminToken).json
            #expect(a["name"] as? String == "Annie L.")
            #expect(a["phone"] as? String == "+49301234567")
            #expect(a["first_name"] as? String == "Ann")
            b = try await world.record(bravo, email: "ann@example.com")
            #expect(b["name"] as? String == "Ann Lee-Smith")
            #expect(b["first_name"] as? String == "Ann")
            #expect(b["phone"] is NSNull)
            let conflicts = try #require(b["account_conflicts"] as? [[String: Any]])
            #expect(conflicts.map { $0["field"] as? String } == ["phone"])
            let bravoID = try #require(b["id"] as? String)
            let timeline = try await app.send(.GET, "/api/v1/customers/\(bravoID)/timeline", token: bravo.adminToken)
            #expect(timeline.data.contains { $0["type"] as? String == "account_conflict" })
            #expect(timeline.text.contains("the customer"))
            try await app.send(.PATCH, "/api/v1/account", token: token, json: ["phone": "030 1234567"])
                .expectProblem(.unprocessableEntity, field: "phone")

            // Clearing Alpha's override inherits the account's name again.
            let cleared = try await app.send(.DELETE, "/api/v1/customers/\(alphaID)/overrides/name", token: alpha.adminToken)
            #expect(cleared.status == .ok, "\(cleared.text)")
            #expect(cleared["name"] as? String == "Ann Lee-Smith")
            #expect(cleared["overridden_fields"] as? [String] == [])
            try await app.send(.DELETE, "/api/v1/customers/\(alphaID)/overrides/notes", token: alpha.adminToken)
                .expectProblem(.unprocessableEntity, field: "field")

            // Consent is per organization, with source `customer`.
            let consent = try await app.send(.PATCH, "/api/v1/account/links/\(alpha.id)", token: token, json: ["email_opt_in": true])
            #expect(consent.status == .ok, "\(consent.text)")
            #expect(consent["email_opt_in"] as? Bool == true)
            a = try await app.send(.GET, "/api/v1/customers/\(alphaID)", token: alpha.adminToken).json
            let marketing = try #require(a["marketing"] as? [String: Any])
            #expect(marketing["email_opt_in"] as? Bool == true)
            #expect(marketing["email_opt_in_source"] as? String == "customer")
            b = try await world.record(bravo, email: "ann@example.com")
            #expect((b["marketing"] as? [String: Any])?["email_opt_in"] as? Bool == false)

            // An email change waits for the new address's confirmation.
            let moving = try await app.send(.PATCH, "/api/v1/account", token: token, json: ["email": "ann.lee@example.org"])
            #expect(moving["email"] as? String == "ann@example.com")
            #expect(moving["pending_email"] as? String == "ann.lee@example.org")
            let confirmSecret = try await world.secret(to: "ann.lee@example.org", path: "/account/confirm-email?token=")
            let moved = try await app.send(.POST, "/api/v1/accounts/confirm-email", json: ["token": confirmSecret])
            #expect(moved["email"] as? String == "ann.lee@example.org", "\(moved.text)")
            #expect(moved["pending_email"] is NSNull)

            // Unlinking leaves the record in the organization.
            #expect(try await app.send(.DELETE, "/api/v1/account/links/\(bravo.id)", token: token).status == .noContent)
            b = try await app.send(.GET, "/api/v1/customers/\(bravoID)", token: bravo.adminToken).json
            #expect(b["account"] is NSNull)
            #expect(b["name"] as? String == "Ann Lee-Smith")
            try await app.send(.PATCH, "/api/v1/account/links/\(bravo.id)", token: token, json: ["email_opt_in": true]).expectProblem(.notFound)
        }
    }

    @Test func passwordResetIsEnumerationSafeAndSignsOutEveryDevice() async throws {
        let smtp = try TestServerProcess(script: "smtp_server.py")
        try await withTestApp(adjust: { $0.outboxForTests(smtp: smtp) }) { app in
            let world = AccountWorld(app: app, smtp: smtp)
            let token = try await world.verifiedAccount("reset@example.com")
            let known = try await app.send(.POST, "/api/v1/accounts/password-reset", json: ["email": "reset@example.com"])
            let unknown = try await app.send(.POST, "/api/v1/accounts/password-reset", json: ["email": "nobody@example.com"])
            #expect(known.status == .accepted)
            #expect(known.text == unknown.text)
            try await OutboxTestDelivery.deliver(app)
            #expect(try smtp.received().allSatisfy { ($0["rcpt_tos"] as? [String]) != ["nobody@example.com"] })
            let secret = try await world.secret(to: "reset@example.com", path: "/account/reset-password?token=")
            try await app.send(.POST, "/api/v1/accounts/password-reset/confirm", json: ["token": secret, "password": "short"])
                .expectProblem(.unprocessableEntity, field: "password")
            let done = try await app.send(.POST, "/api/v1/accounts/password-reset/confirm", json: ["token": secret, "password": "a-new-password-2"])
            #expect(done.status == .ok, "\(done.text)")
            try await app.send(.POST, "/api/v1/accounts/password-reset/confirm", json: ["token": secret, "password": "a-new-password-3"])
                .expectProblem(.gone, field: "token")
            // The old token stopped on its very next request; the new password signs in, the old one does not.
            try await app.send(.GET, "/api/v1/account", token: token).expectProblem(.unauthorized)
            try await app.send(.POST, "/api/v1/accounts/token", json: ["email": "reset@example.com", "password": testPassword])
                .expectProblem(.unauthorized)
            let fresh = try await world.signIn("reset@example.com", password: "a-new-password-2")
            #expect(try await app.send(.GET, "/api/v1/account", token: fresh).status == .ok)
            // Signing out stops the token.
            #expect(try await app.send(.DELETE, "/api/v1/account/token", token: fresh).status == .noContent)
            try await app.send(.GET, "/api/v1/account", token: fresh).expectProblem(.unauthorized)
        }
    }

    @Test func everyTokenKindIsRefusedWhereItDoesNotBelong() async throws {
        try await withTestApp { app in
            let world = AccountWorld(app: app, smtp: nil)
            let org = try await app.createOrganization("realm", rootToken: try await app.rootToken())
            let account = try await world.verifiedAccount("realm@example.com")
            // An account token on staff routes, a staff token on account routes: 403. No token: 401.
            try await app.send(.GET, "/api/v1/customers", token: account).expectProblem(.forbidden)
            try await app.send(.GET, "/api/v1/me", token: account).expectProblem(.forbidden)
            try await app.send(.GET, "/api/v1/client/orders", token: account).expectProblem(.forbidden)
            try await app.send(.GET, "/api/v1/account", token: org.adminToken).expectProblem(.forbidden)
            try await app.send(.GET, "/api/v1/account/orders", token: org.adminToken).expectProblem(.forbidden)
            try await app.send(.GET, "/api/v1/account").expectProblem(.unauthorized)
            try await app.send(.GET, "/api/v1/account", token: "cla_forged").expectProblem(.unauthorized)
            #expect(try await app.send(.GET, "/api/v1/account", token: account).status == .ok)
        }
    }
}
