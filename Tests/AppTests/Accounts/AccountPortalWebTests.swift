@testable import App
import Foundation
import SQLKit
import Testing
import Vapor

/// The customer account's portal in the browser (issue 21, item 7), through plain forms as a script-less browser uses
/// them: sign-up, the emailed link verified by a button (its page alone uses nothing), sign-in, joining an
/// organization, the orders staff placed with their tracking, reorder, the profile flowing to the organization's
/// record, consent, an address, points, the data export and the erasure request; and the walls: CSRF on every POST,
/// the account's sessions apart from the staff dashboard's, a new password ending every session, no internal data.
@Suite struct AccountPortalWebTests {
    static let email = "pat@example.com"
    static let staffNotes = "staff-only-note-5521"
    static let staffTag = "vip-portal-tag"

    /// A browser signed in to the portal as `email`.
    private func portal(_ app: Application, _ email: String, password: String = testPassword) async throws -> WebBrowser {
        let browser = WebBrowser(app)
        try await browser.get("/account/sign-in")
        let response = try await browser.post("/account/sign-in", ["email": email, "password": password])
        #expect(response.status == .seeOther && response.location == "/account", "portal sign-in of \(email): \(response.body)")
        try await browser.get("/account")
        return browser
    }

    /// Signs up and verifies through the API (the first test does it through the pages).
    private func verifiedAccount(_ app: Application, _ email: String) async throws {
        _ = try await AccountWorld(app: app, smtp: nil).verifiedAccount(email)
    }

    @Test func signUpVerifyJoinOrdersReorderProfileConsentAddressPointsExportAndErasure() async throws {
        try await withTestApp { app in
            let world = AccountWorld(app: app, smtp: nil)
            let org = try await app.createOrganization("corner", rootToken: try await app.rootToken(), settings: ["loyalty": ["enabled": true]])
            // The organization knows Pat already, with notes and a tag of its own staff.
            let existing = try await app.send(.POST, "/api/v1/customers", token: org.adminToken, json: [
                "name": "P. Doe", "email": Self.email, "notes": Self.staffNotes, "tags": [Self.staffTag],
            ])
            #expect(existing.status == .created, "\(existing.text)")
            let customerID = try #require(existing["id"] as? String)

            // Sign-up: labelled fields, mistakes at their fields, a form from elsewhere refused.
            let browser = WebBrowser(app)
            let away = try await browser.get("/account/profile")
            #expect(away.status == .seeOther && away.location?.hasPrefix("/account/sign-in?next=") == true)
            let form = try await browser.get("/account/sign-up")
            #expect(form.status == .ok)
            for id in ["f-email", "f-password", "f-password-again", "f-name", "f-preferred-language"] {
                #expect(form.body.contains(#"<label for="\#(id)">"#), "a label for \(id)")
            }
            #expect(form.body.contains(#"<option value="de">German (de)</option>"#))
            let forged = try await WebBrowser(app).post("/account/sign-up", ["email": Self.email, "password": testPassword,
                                                                               "password_again": testPassword], withCSRF: false)
            #expect(forged.status == .forbidden)
            let short = try await browser.post("/account/sign-up", ["email": Self.email, "password": "short", "password_again": "short"])
            #expect(short.status == .unprocessableEntity && short.body.contains(#"id="f-password-error""#))
            #expect(short.body.contains(#"value="pat@example.com""#), "what was typed is kept")
            let different = try await browser.post("/account/sign-up", ["email": Self.email, "password": testPassword,
                                                                         "password_again": testPassword + "x"])
            #expect(different.status == .unprocessableEntity && different.body.contains(#"id="f-password-again-error""#))
            let signedUp = try await browser.post("/account/sign-up", ["email": "Pat@Example.com", "password": testPassword,
                                                                        "password_again": testPassword, "name": "Pat Doe",
                                                                        "preferred_language": "de"])
            #expect(signedUp.status == .ok && signedUp.body.contains("Check your email"), "\(signedUp.body)")
            // A known address answers the very same page.
            let again = WebBrowser(app)
            try await again.get("/account/sign-up")
            let known = try await again.post("/account/sign-up", ["email": Self.email, "password": testPassword, "password_again": testPassword])
            #expect(known.status == .ok && known.body == signedUp.body)

            // The emailed link: its page shows a button and uses nothing (mail scanners follow links); the button verifies.
            let secret = try await world.secret(to: Self.email, path: "/account/verify?token=")
            let page = try await browser.get("/account/verify?token=\(secret)")
            #expect(page.status == .ok && page.body.contains("Confirm my address") && page.body.contains(Self.email))
            #expect(try await browser.get("/account/verify?token=\(secret)").status == .ok, "a second look still opens")
            let verified = try await browser.post("/account/verify", ["token": secret])
            #expect(verified.status == .ok && verified.body.contains("Address confirmed"))
            #expect(try await browser.get("/account/verify?token=\(secret)").status == .gone)
            let unknown = try await WebBrowser(app).get("/account/verify?token=not-a-link")
            #expect(unknown.status == .notFound && unknown.body.contains("This link is not known"))

            // Sign-in: a wrong password is refused, the right one starts a session of the portal's own cookie.
            try await browser.get("/account/sign-in")
            let wrong = try await browser.post("/account/sign-in", ["email": Self.email, "password": "not-the-password"])
            #expect(wrong.status == .unauthorized && wrong.body.contains("The email or password is not correct."))
            let signedIn = try await browser.post("/account/sign-in", ["email": "PAT@example.com", "password": testPassword,
                                                                       "next": "/account/profile"])
            #expect(signedIn.status == .seeOther && signedIn.location == "/account/profile")
            let cookie = try #require(signedIn.setCookies.first { $0.hasPrefix(AccountCookies.session + "=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/account"))
            #expect(!cookie.contains("Secure"), "plain http with an http public URL")
            #expect(browser.cookies[DashboardCookies.session] == nil, "no staff session")
            let tokens = try await SQLRows.all("SELECT id FROM account_tokens", on: try app.db.sql)
            #expect(tokens.isEmpty, "the browser signs in with a session; no bearer token is left behind")
            let home = try await browser.get("/account")
            #expect(home.status == .ok && home.body.contains("No orders yet") && home.body.contains("Pat Doe"))
            #expect(home.body.contains(#"<form method="post" action="/account/sign-out""#))

            // Joining the organization links its record; staff place an order with a delivery.
            let badJoin = try await browser.post("/account/organizations", ["organization": "no-such-shop"])
            #expect(badJoin.status == .unprocessableEntity && badJoin.body.contains(#"id="join-organization-error""#))
            let joined = try await browser.post("/account/organizations", ["organization": "corner"])
            #expect(joined.status == .seeOther && MatrixViews.flash(joined).hasPrefix("You joined Org corner"))
            let record = try await app.customer(org.adminToken, customerID)
            #expect((record["account"] as? [String: Any])?["linked"] as? Bool == true)
            let placed = try await app.placeOrder(org.adminToken, [
                "customer_id": customerID, "items": [["name": "Espresso", "quantity": 2, "unit_price": "2.50"]], "amount": "5.00",
            ])
            let orderID = try #require(placed["id"] as? String)
            let number = try #require(placed["number"] as? String)
            let task = try await app.send(.POST, "/api/v1/tasks", token: org.adminToken, json: [
                "type": "delivery", "customer_id": customerID, "order_id": orderID, "dropoff": ["line1": "1 Main St"],
                "notes": "ring the staff bell 7711",
            ])
            #expect(task.status == .created, "\(task.text)")
            let token = try await world.signIn(Self.email)
            let apiOrder = try await app.send(.GET, "/api/v1/account/orders/\(orderID)", token: token)
            let apiTask = try #require((apiOrder["tasks"] as? [[String: Any]])?.first)
            let tracking = try #require(apiTask["tracking_url"] as? String)
            let status = try #require(apiTask["status"] as? String)

            let orders = try await browser.get("/account")
            #expect(orders.status == .ok && orders.body.contains(number) && orders.body.contains("Org corner"))
            #expect(orders.body.contains("5.00 USD") && orders.body.contains("2 × Espresso"))
            #expect(orders.body.contains(#"<span class="status \#(status)">\#(Formats.label(status))</span>"#))
            #expect(orders.body.contains(#"href="\#(tracking)""#), "the tracking link")
            for secret in [Self.staffNotes, Self.staffTag, "ring the staff bell 7711", "Admin corner"] {
                #expect(!orders.body.contains(secret), "the orders page shows \(secret)")
            }

            // Reorder: a new order with the same items; without the form's token it is refused.
            #expect(try await browser.post("/account/orders/\(orderID)/reorder", ["_csrf": "forged"]).status == .forbidden)
            let reordered = try await browser.post("/account/orders/\(orderID)/reorder", [:])
            #expect(reordered.status == .seeOther && reordered.location == "/account")
            #expect(MatrixViews.flash(reordered).contains("the same as order \(number), payment pending"))
            let staffOrders = try await app.send(.GET, "/api/v1/customers/\(customerID)/orders", token: org.adminToken)
            #expect(staffOrders.data.count == 2, "\(staffOrders.text)")
            #expect(try await browser.get("/account").body.components(separatedBy: #"<tr id="order-"#).count - 1 == 2)
            #expect(try await browser.get("/account?per_page=1").body.contains("Next page"))
            let second = try await browser.get("/account?per_page=1&page=2&cursor=\(try await nextCursor(app, token))")
            #expect(second.status == .ok && second.body.contains(number), "the second page is the older order")

            // The profile: a phone without its country code is refused at its field; with it, it flows to the record.
            let profile = try await browser.get("/account/profile")
            for id in ["profile-name", "profile-first-name", "profile-last-name", "profile-phone", "profile-birthday", "profile-timezone",
                       "profile-preferred-language", "profile-email"] {
                #expect(profile.body.contains(#"<label for="\#(id)">"#), "a label for \(id)")
            }
            #expect(profile.body.contains(#"<option value="de" selected="">German (de)</option>"#))
            let badPhone = try await browser.post("/account/profile", ["phone": "020 7946 0958"])
            #expect(badPhone.status == .unprocessableEntity && badPhone.body.contains(#"id="profile-phone-error""#))
            let saved = try await browser.post("/account/profile", ["phone": "+44 20 7946 0958", "name": "Pat Doe", "timezone": "Europe/London"])
            #expect(saved.status == .seeOther && MatrixViews.flash(saved) == "Profile saved.")
            let followed = try await app.customer(org.adminToken, customerID)
            #expect(followed["phone"] as? String == "+442079460958" && followed["timezone"] as? String == "Europe/London")
            #expect(followed["name"] as? String == "Pat Doe" && followed["notes"] as? String == Self.staffNotes)
            let stale = try await browser.post("/account/profile", ["phone": "+44 20 7946 0000", "version": "1"])
            #expect(stale.status == .preconditionFailed && stale.body.contains("changed elsewhere"))

            // Marketing consent of this organization only, as the customer's own choice.
            let consent = try await browser.post("/account/organizations/\(org.id)/consent", ["email_opt_in": "true"])
            #expect(consent.status == .seeOther && MatrixViews.flash(consent) == "Your preferences for Org corner are saved.")
            let consented = try await app.customer(org.adminToken, customerID)
            let marketing = consented["marketing"] as? [String: Any] ?? [:]
            #expect(marketing["email_opt_in"] as? Bool == true && marketing["sms_opt_in"] as? Bool == false, "\(marketing)")
            #expect(marketing["email_opt_in_source"] as? String == "customer")
            let organizations = try await browser.get("/account/organizations")
            #expect(organizations.body.contains(#"name="email_opt_in" value="true" checked="""#))
            #expect(organizations.body.contains(#"<label for="consent-\#(org.id)-sms-opt-in">By text message</label>"#))

            // An address, under the address book's rules.
            let noLine = try await browser.post("/account/organizations/\(org.id)/addresses", ["label": "Home", "line1": " "])
            #expect(noLine.status == .unprocessableEntity && noLine.body.contains(#"id="a-new-line1-error""#))
            let added = try await browser.post("/account/organizations/\(org.id)/addresses", ["label": "Home", "line1": "5 Oak Road",
                                                                                              "city": "Springfield"])
            #expect(added.status == .seeOther && MatrixViews.flash(added) == "Address added.")
            let addresses = try await app.send(.GET, "/api/v1/customers/\(customerID)/addresses", token: org.adminToken)
            #expect(addresses.data.map { $0["line1"] as? String } == ["5 Oak Road"])

            // Points: the staff grant some and offer a reward; the person redeems it and reads a ledger without staff names.
            let adjusted = try await app.send(.POST, "/api/v1/customers/\(customerID)/loyalty/adjustments", token: org.adminToken,
                                              json: ["points": 100, "reason": "welcome"])
            #expect(adjusted.status == .created, "\(adjusted.text)")
            let reward = try await app.send(.POST, "/api/v1/rewards", token: org.adminToken, json: ["name": "Free coffee", "points_cost": 40])
            let rewardID = try #require(reward["id"] as? String, "\(reward.text)")
            let orgPage = try await browser.get("/account/organizations/\(org.id)")
            #expect(orgPage.status == .ok && orgPage.body.contains("5 Oak Road") && orgPage.body.contains("Free coffee"))
            #expect(orgPage.body.contains(#"<div class="figure" id="loyalty-balance"><strong>100</strong>"#))
            let redeemed = try await browser.post("/account/organizations/\(org.id)/rewards/\(rewardID)/redeem", [:])
            #expect(redeemed.status == .seeOther && MatrixViews.flash(redeemed).hasPrefix("You redeemed Free coffee for 40 points"))
            let after = try await browser.get("/account/organizations/\(org.id)")
            #expect(after.body.contains(#"<strong>60</strong>"#) && after.body.contains("Redeemed: Free coffee"))
            for secret in [Self.staffNotes, Self.staffTag, "Admin corner"] { #expect(!after.body.contains(secret), "shows \(secret)") }
            let messages = try await browser.get("/account/messages")
            #expect(messages.status == .ok && messages.body.contains(#"id="message-"#) && messages.body.contains("Org corner"))

            // The data export, as a file to keep.
            let export = try await browser.post("/account/privacy/export", [:])
            #expect(export.status == .ok && export.headers.first(name: .contentDisposition) == "attachment; filename=\"my-data.json\"")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(export.body.utf8)) as? [String: Any])
            #expect((json["account"] as? [String: Any])?["email"] as? String == Self.email)
            let links = json["links"] as? [[String: Any]] ?? []
            #expect(((links.first?["data"] as? [String: Any])?["customer"] as? [String: Any])?["id"] as? String == customerID)

            // The erasure request: the email typed to confirm; then the account is gone and so is the session.
            let privacy = try await browser.get("/account/privacy")
            #expect(privacy.body.contains(#"<label for="erase-confirm-email">Type your email address to confirm"#))
            let mistyped = try await browser.post("/account/privacy/erase", ["confirm_email": "someone@example.com"])
            #expect(mistyped.status == .unprocessableEntity && mistyped.body.contains(#"id="erase-confirm-email-error""#))
            #expect(try await browser.get("/account").status == .ok, "nothing happened")
            let goodbye = try await browser.post("/account/privacy/erase", ["confirm_email": "PAT@example.com"])
            #expect(goodbye.status == .ok && goodbye.body.contains("Goodbye") && goodbye.body.contains("Your account is deleted"))
            #expect(goodbye.setCookies.contains { $0.hasPrefix(AccountCookies.session + "=;") && $0.contains("Max-Age=0") },
                    "the cookie goes: \(goodbye.setCookies)")
            let gone = try await browser.get("/account")
            #expect(gone.status == .seeOther && gone.location == "/account/sign-in")
            let sessions = try await SQLRows.all("SELECT id FROM account_sessions", on: try app.db.sql)
            #expect(sessions.isEmpty)
            let requests = try await app.send(.GET, "/api/v1/erasure-requests?status=open", token: org.adminToken)
            #expect(requests.data.map { $0["customer_id"] as? String } == [customerID])
            try await browser.get("/account/sign-in")
            #expect(try await browser.post("/account/sign-in", ["email": Self.email, "password": testPassword]).status == .unauthorized)
        }
    }

    /// The cursor of the account's first page of one order.
    private func nextCursor(_ app: Application, _ token: String) async throws -> String {
        let first = try await app.send(.GET, "/api/v1/account/orders?per_page=1", token: token)
        return try #require(first["next_cursor"] as? String)
    }

    @Test func staffAndAccountSessionsOpenOnlyTheirOwnPagesAndEveryPostNeedsTheToken() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("corner", rootToken: try await app.rootToken())
            try await verifiedAccount(app, Self.email)

            // A staff session does not open the portal; its staff credentials do not sign in there.
            let staff = WebBrowser(app)
            try await staff.signIn(org.adminEmail, testPassword)
            for path in ["/account", "/account/profile", "/account/organizations", "/account/organizations/\(org.id)", "/account/privacy"] {
                let page = try await staff.get(path)
                #expect(page.status == .seeOther && page.location?.hasPrefix("/account/sign-in") == true, "\(path) as staff")
            }
            #expect(try await staff.post("/account/organizations", ["organization": "corner"]).location == "/account/sign-in")
            #expect(try await staff.get("/account/sign-in").status == .ok, "the form, to sign in with an account instead")
            let refused = try await staff.post("/account/sign-in", ["email": org.adminEmail, "password": testPassword])
            #expect(refused.status == .unauthorized && refused.body.contains("The email or password is not correct."))

            // An account session does not open the staff dashboard.
            let person = try await portal(app, Self.email)
            for path in ["/customers", "/orders", "/settings"] {
                let page = try await person.get(path)
                #expect(page.status == .seeOther && page.location?.hasPrefix("/sign-in") == true, "\(path) as an account")
            }
            #expect(try await person.get("/account/sign-in").location == "/account", "signed in already")

            // Every POST carries the session's token.
            for (path, form) in [("/account/profile", ["phone": "+12025550100"]), ("/account/organizations", ["organization": "corner"]),
                                 ("/account/privacy/erase", ["confirm_email": Self.email]), ("/account/sign-out", [:]),
                                 ("/account/privacy/export", [:]), ("/account/verification", [:])] {
                var forged = form
                forged["_csrf"] = "forged"
                let response = try await person.post(path, forged)
                #expect(response.status == .forbidden && response.body.contains("This form has expired"), "\(path) without the token")
            }
            #expect(try await person.get("/account").status == .ok, "the account is still there")
            try await person.get("/account/organizations/not-an-id").expectNotFound()
            try await person.get("/account/organizations/\(org.id)").expectNotFound("an organization not joined")
            try await person.post("/account/orders/\(UUID().uuidString)/reorder", [:]).expectNotFound()

            // Sign-out ends the session.
            let out = try await person.post("/account/sign-out", [:])
            #expect(out.status == .seeOther && out.location == "/account/sign-in" && MatrixViews.flash(out) == "You are signed out.")
            #expect(try await person.get("/account").status == .seeOther)
            #expect(try await SQLRows.all("SELECT id FROM account_sessions", on: try app.db.sql).isEmpty)
        }
    }

    @Test func theSessionCookieIsSecureWhenThePublicURLIsHTTPS() async throws {
        try await withTestApp(adjust: { $0.outbox.publicURL = "https://shop.example" }) { app in
            try await verifiedAccount(app, Self.email)
            let browser = WebBrowser(app)
            try await browser.get("/account/sign-in")
            let signedIn = try await browser.post("/account/sign-in", ["email": Self.email, "password": testPassword])
            let cookie = try #require(signedIn.setCookies.first { $0.hasPrefix(AccountCookies.session + "=") })
            #expect(cookie.contains("Secure") && cookie.contains("HttpOnly"), "\(cookie)")
        }
    }

    @Test func aNewPasswordOrAnIdleSessionEndsTheSessions() async throws {
        try await withTestApp { app in
            try await verifiedAccount(app, Self.email)
            let first = try await portal(app, Self.email)
            let idle = try await portal(app, Self.email)

            // Idle longer than the timeout: that session ends, the other lives on.
            let idleSince = Date().addingTimeInterval(-app.config.sessionIdleTimeout - 60)
            let newest = try await SQLRows.all("SELECT id FROM account_sessions ORDER BY created_at DESC, id DESC", on: try app.db.sql)
            let idleID = try #require(newest.first).decode(column: "id", as: UUID.self)
            try await SQLRows.run("""
                UPDATE account_sessions SET last_seen_at = \(bind: idleSince), created_at = \(bind: idleSince) WHERE id = \(bind: idleID)
                """, on: try app.db.sql)
            #expect(try await idle.get("/account").status == .seeOther)
            #expect(try await first.get("/account").status == .ok)

            // A forgotten password: the same page for a known and an unknown address; the link's page uses nothing.
            let stranger = WebBrowser(app)
            let forgotForm = try await stranger.get("/account/forgot-password")
            #expect(forgotForm.body.contains(#"<label for="f-email">Email"#))
            let sent = try await stranger.post("/account/forgot-password", ["email": Self.email])
            let nobody = try await stranger.post("/account/forgot-password", ["email": "nobody@example.com"])
            #expect(sent.status == .ok && nobody.status == .ok)
            #expect(sent.body.replacingOccurrences(of: Self.email, with: "@") == nobody.body.replacingOccurrences(of: "nobody@example.com", with: "@"))
            let secret = try await AccountWorld(app: app, smtp: nil).secret(to: Self.email, path: "/account/reset-password?token=")
            let resetForm = try await stranger.get("/account/reset-password?token=\(secret)")
            #expect(resetForm.status == .ok && resetForm.body.contains(#"<label for="f-password">New password"#))
            let different = try await stranger.post("/account/reset-password", ["token": secret, "password": "a-new-password-2",
                                                                                 "password_again": "a-new-password-3"])
            #expect(different.status == .unprocessableEntity && different.body.contains(#"id="f-password-again-error""#))
            let short = try await stranger.post("/account/reset-password", ["token": secret, "password": "short", "password_again": "short"])
            #expect(short.status == .unprocessableEntity && short.body.contains(#"id="f-password-error""#))
            #expect(try await first.get("/account").status == .ok, "nothing changed yet")
            let reset = try await stranger.post("/account/reset-password", ["token": secret, "password": "a-new-password-2",
                                                                             "password_again": "a-new-password-2"])
            #expect(reset.status == .seeOther && reset.location == "/account/sign-in" && MatrixViews.flash(reset).hasPrefix("Your new password is set"))
            #expect(try await first.get("/account").status == .seeOther, "the new password ended the session")
            #expect(try await SQLRows.all("SELECT id FROM account_sessions", on: try app.db.sql).isEmpty)
            #expect(try await stranger.get("/account/reset-password?token=\(secret)").status == .gone)
            _ = try await portal(app, Self.email, password: "a-new-password-2")

            // A session whose password changed under it (through the API) no longer opens either.
            let other = try await portal(app, Self.email, password: "a-new-password-2")
            _ = try await app.send(.POST, "/api/v1/accounts/password-reset", json: ["email": Self.email])
            let apiSecret = try await AccountWorld(app: app, smtp: nil).secret(to: Self.email, path: "/account/reset-password?token=")
            let confirmed = try await app.send(.POST, "/api/v1/accounts/password-reset/confirm", json: ["token": apiSecret, "password": "a-third-password-4"])
            #expect(confirmed.status == .ok, "\(confirmed.text)")
            #expect(try await other.get("/account").status == .seeOther)
        }
    }

    @Test func aNewEmailAddressIsConfirmedFromItsLinkAndAnUnverifiedAccountIsAskedToConfirm() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("corner", rootToken: try await app.rootToken())
            let browser = WebBrowser(app)
            try await browser.get("/account/sign-up")
            _ = try await browser.post("/account/sign-up", ["email": Self.email, "password": testPassword, "password_again": testPassword])
            let person = try await portal(app, Self.email)
            let home = try await person.get("/account")
            #expect(home.body.contains("Confirm your email address") && home.body.contains("Send a new link"))
            let refused = try await person.post("/account/organizations", ["organization": "corner"])
            #expect(refused.status == .forbidden && refused.body.contains("Verify your email address first"))
            let resent = try await person.post("/account/verification", ["back": "/account/profile"])
            #expect(resent.status == .seeOther && resent.location == "/account/profile")
            #expect(MatrixViews.flash(resent) == "A new confirmation link is on its way to \(Self.email).")
            let secret = try await AccountWorld(app: app, smtp: nil).secret(to: Self.email, path: "/account/verify?token=")
            try await person.get("/account/verify?token=\(secret)")
            #expect(try await person.post("/account/verify", ["token": secret]).status == .ok)
            #expect(!(try await person.get("/account")).body.contains("Send a new link"))

            let changed = try await person.post("/account/profile", ["email": "pat.new@example.org"])
            #expect(changed.status == .seeOther && MatrixViews.flash(changed).contains("A link to confirm pat.new@example.org is on its way"))
            #expect(try await person.get("/account/profile").body.contains("Waiting for confirmation: pat.new@example.org"))
            let link = try await AccountWorld(app: app, smtp: nil).secret(to: "pat.new@example.org", path: "/account/confirm-email?token=")
            let stranger = WebBrowser(app)
            let page = try await stranger.get("/account/confirm-email?token=\(link)")
            #expect(page.status == .ok && page.body.contains("pat.new@example.org") && page.body.contains("Confirm this address"))
            let done = try await stranger.post("/account/confirm-email", ["token": link])
            #expect(done.status == .ok && done.body.contains("Address confirmed"))
            #expect(try await stranger.get("/account/confirm-email?token=\(link)").status == .gone)
            let moved = try await portal(app, "pat.new@example.org")

            // An address edited, then deleted; leaving the organization asks first, and the record stays with it unlinked.
            #expect(try await moved.post("/account/organizations", ["organization": "corner"]).status == .seeOther)
            let base = "/account/organizations/\(org.id)"
            try await moved.get(base)
            #expect(try await moved.post(base + "/addresses", ["label": "Home", "line1": "5 Oak Road"]).status == .seeOther)
            let customer = try #require(try await app.send(.GET, "/api/v1/customers?q=pat.new", token: org.adminToken).data.first)
            let customerID = try #require(customer["id"] as? String)
            let addressID = try #require(try await app.send(.GET, "/api/v1/customers/\(customerID)/addresses", token: org.adminToken)
                .data.first?["id"] as? String)
            let editForm = try await moved.get(base)
            #expect(editForm.body.contains(#"<label for="a-\#(addressID)-line1">Street and number"#))
            let blank = try await moved.post(base + "/addresses/\(addressID)", ["label": "Flat", "line1": ""])
            #expect(blank.status == .unprocessableEntity && blank.body.contains(#"id="a-\#(addressID)-line1-error""#))
            let edited = try await moved.post(base + "/addresses/\(addressID)", ["label": "Flat", "line1": "7 Elm Street"])
            #expect(edited.status == .seeOther && MatrixViews.flash(edited) == "Address saved.")
            let staffView = try await app.send(.GET, "/api/v1/customers/\(customerID)/addresses", token: org.adminToken)
            #expect(staffView.data.map { "\($0["label"] ?? "") \($0["line1"] ?? "")" } == ["Flat 7 Elm Street"])
            #expect(try await moved.post(base + "/addresses/\(addressID)/delete", [:]).status == .seeOther)
            #expect(try await app.send(.GET, "/api/v1/customers/\(customerID)/addresses", token: org.adminToken).data.isEmpty)

            let ask = try await moved.get(base + "/leave")
            #expect(ask.status == .ok && ask.body.contains("Leave Org corner?") && ask.body.contains(#"<a href="/account/organizations" class="button secondary">Cancel</a>"#))
            let left = try await moved.post(base + "/leave", [:])
            #expect(left.status == .seeOther && MatrixViews.flash(left) == "You left Org corner.")
            #expect(try await app.customer(org.adminToken, customerID)["account"] is NSNull, "the record stays, unlinked")
            try await moved.get(base).expectNotFound("an organization left")
        }
    }
}

extension WebResponse {
    /// The portal's 404 page: the same for what does not exist and what is another's.
    func expectNotFound(_ what: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(status == .notFound && body.contains("Not found") && body.contains("Back to your orders"), "\(what): \(status)",
                sourceLocation: sourceLocation)
    }
}
