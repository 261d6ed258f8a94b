@testable import App
import Foundation
import SQLKit
import Testing
import Vapor

/// The client portal in the browser (issue 20), through plain forms as a script-less browser uses them: the invitation
/// link (password chosen, then signed in), sign-out and sign-in, a new order with its mistakes shown at their fields,
/// the orders and tasks lists, the settings with the tracking page's look, the email confirmation link; and the walls
/// between clients, between staff and clients.
@Suite struct ClientPortalWebTests {
    /// A browser signed in to the portal as `email`.
    private func portal(_ app: Application, _ email: String, password: String = testPassword) async throws -> WebBrowser {
        let browser = WebBrowser(app)
        try await browser.get("/client/sign-in")
        let response = try await browser.post("/client/sign-in", ["email": email, "password": password])
        #expect(response.status == .seeOther && response.location == "/client", "portal sign-in of \(email): \(response.body)")
        try await browser.get("/client")
        return browser
    }

    private func order(_ overrides: [String: String] = [:]) -> [String: String] {
        var form = ["pickup.line1": "1 Bakery Rd", "pickup.city": "Springfield", "pickup.postal_code": "10115",
                    "pickup.contact_name": "Front desk", "pickup.contact_phone": "",
                    "dropoff.line1": "22 Elm St", "dropoff.city": "Shelbyville", "dropoff.postal_code": "10117",
                    "dropoff.contact_name": "", "dropoff.contact_phone": "",
                    "recipient.name": "Rita Recipient", "recipient.phone": "+12025550199", "recipient.email": "",
                    "pickup_window.start": "", "pickup_window.end": "", "dropoff_window.start": "", "dropoff_window.end": "",
                    "notes": "Ring twice", "reference": "RCPT-77"]
        for (key, value) in overrides { form[key] = value }
        return form
    }

    @Test func anInvitationLinkChoosesThePasswordAndSignsIn() async throws {
        try await withTestApp { app in
            let world = try await CourierWorld.make(app)
            let clientID = try await world.createClient("Bakery <Bros>", email: "orders@bakery.example")
            let secret = try await CourierWorld.inviteSecret(app, clientID: clientID, token: world.admin)
            let browser = WebBrowser(app)
            let away = try await browser.get("/client/tasks?status=completed")
            #expect(away.status == .seeOther && away.location?.hasPrefix("/client/sign-in?next=") == true)

            let form = try await browser.get("/client/accept?token=\(secret)")
            #expect(form.status == .ok && form.body.contains("Welcome, Bakery &lt;Bros&gt;") && form.body.contains("orders@bakery.example"))
            #expect(form.body.contains(#"<label for="f-password">Password"#) && form.body.contains(#"<label for="f-name">Your name"#))
            let short = try await browser.post("/client/accept", ["token": secret, "password": "short", "password_again": "short"])
            #expect(short.status == .unprocessableEntity && short.body.contains(#"id="f-password-error""#))
            let different = try await browser.post("/client/accept", ["token": secret, "password": testPassword,
                                                                       "password_again": testPassword + "x"])
            #expect(different.status == .unprocessableEntity && different.body.contains(#"id="f-password-again-error""#))
            let forged = try await WebBrowser(app).post("/client/accept", ["token": secret, "password": testPassword,
                                                                           "password_again": testPassword], withCSRF: false)
            #expect(forged.status == .forbidden, "a form from elsewhere")

            let accepted = try await browser.post("/client/accept", ["token": secret, "password": testPassword,
                                                                      "password_again": testPassword, "name": "Bea Baker"])
            #expect(accepted.status == .seeOther && accepted.location == "/client")
            #expect(MatrixViews.flash(accepted).hasPrefix("Welcome, Bea Baker"))
            let home = try await browser.get("/client")
            #expect(home.status == .ok && home.body.contains("Your orders") && home.body.contains("No orders yet"))
            #expect(home.body.contains(#"<a href="/client/orders/new">New order</a>"#) && home.body.contains("Bea Baker · deliveries by Org swift"))
            let client = try await app.send(.GET, "/api/v1/clients/\(clientID)", token: world.admin)
            #expect(client["status"] as? String == "active")
            let tokens = try await SQLRows.all("""
                SELECT api_tokens.id FROM api_tokens JOIN users ON users.id = api_tokens.user_id
                WHERE users.email = \(bind: "orders@bakery.example")
                """, on: try app.db.sql)
            #expect(tokens.isEmpty, "the browser signs in with a session; no bearer token is left behind")

            let again = try await WebBrowser(app).get("/client/accept?token=\(secret)")
            #expect(again.status == .gone && again.body.contains("This link was already used."))
            let unknown = try await WebBrowser(app).get("/client/accept?token=not-a-link")
            #expect(unknown.status == .notFound && unknown.body.contains("This link is not known"))

            let out = try await browser.post("/client/sign-out", [:])
            #expect(out.status == .seeOther && out.location == "/client/sign-in" && MatrixViews.flash(out) == "You are signed out.")
            #expect(try await browser.get("/client").status == .seeOther)
            let signInPage = try await browser.get("/client/sign-in")
            let wrong = try await browser.post("/client/sign-in", ["email": "orders@bakery.example", "password": "not-the-password"])
            #expect(signInPage.status == .ok && wrong.status == .unauthorized && wrong.body.contains("The email or password is not correct."))
            let back = try await portal(app, "ORDERS@bakery.example")
            #expect(try await back.get("/client/settings").status == .ok)
        }
    }

    @Test func staffCannotSignInToThePortalNorClientsToTheDashboard() async throws {
        try await withTestApp { app in
            let world = try await CourierWorld.make(app)
            _ = try await world.activeClient("Pharmacy", email: "rx@pharmacy.example")
            let staff = WebBrowser(app)
            try await staff.get("/client/sign-in")
            let refused = try await staff.post("/client/sign-in", ["email": world.org.adminEmail, "password": testPassword])
            #expect(refused.status == .unauthorized && refused.body.contains("The email or password is not correct."),
                    "a staff user's right password is refused here with the same words")
            #expect(staff.cookies[DashboardCookies.session] == nil)

            let admin = WebBrowser(app)
            try await admin.signIn(world.org.adminEmail, testPassword)
            for path in ["/client", "/client/orders/new", "/client/settings"] {
                let page = try await admin.get(path)
                #expect(page.status == .seeOther && page.location == "/client/sign-in", "\(path) as staff")
            }
            #expect(try await admin.post("/client/orders", order()).location == "/client/sign-in")
            #expect(try await admin.get("/client/sign-in").status == .ok, "the form, to sign in as a client instead")

            let client = try await portal(app, "rx@pharmacy.example")
            let customers = try await client.get("/customers")
            #expect(customers.status == .seeOther && customers.location == "/client")
            #expect(try await client.get("/client/sign-in").location == "/client", "signed in already")
            let forged = try await client.post("/client/orders", order(["_csrf": "forged"]))
            #expect(forged.status == .forbidden)
        }
    }

    @Test func anOrderIsPlacedFromTheFormWithItsMistakesAtTheirFields() async throws {
        try await withTestApp { app in
            let world = try await CourierWorld.make(app)
            let zone = try await app.send(.PATCH, "/api/v1/organizations/\(world.org.id)", token: world.admin,
                                          json: ["settings": ["timezone": "Europe/Berlin"]])
            #expect(zone.status == .ok, "\(zone.text)")
            let (_, token) = try await world.activeClient("Bakery", email: "orders@bakery.example")
            let browser = try await portal(app, "orders@bakery.example")

            let form = try await browser.get("/client/orders/new")
            #expect(form.status == .ok && form.body.contains("Times are in Europe/Berlin"))
            for id in ["order-pickup-line1", "order-dropoff-city", "order-recipient-phone", "order-pickup-window-start", "order-reference"] {
                #expect(form.body.contains(#"<label for="\#(id)">"#), "a label for \(id)")
            }
            let wrong = try await browser.post("/client/orders", order(["dropoff.line1": " ", "recipient.phone": "12",
                                                                         "pickup_window.start": "soon"]))
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.contains(#"id="order-dropoff-line1-error""#) && wrong.body.contains("is required: the street and number"))
            #expect(wrong.body.contains(#"id="order-recipient-phone-error""#))
            #expect(wrong.body.contains(#"id="order-pickup-window-start-error""#))
            #expect(wrong.body.contains(#"name="recipient.name" value="Rita Recipient""#), "what was typed is kept")
            let backwards = try await browser.post("/client/orders", order(["dropoff_window.start": "2026-12-24T12:00",
                                                                             "dropoff_window.end": "2026-12-24T11:00"]))
            #expect(backwards.status == .unprocessableEntity && backwards.body.contains(#"id="order-dropoff-window-end-error""#))
            #expect(try await app.send(.GET, "/api/v1/client/orders", token: token)["total"] as? Int == 0)

            let placed = try await browser.post("/client/orders", order(["pickup_window.start": "2026-12-24T10:00",
                                                                          "pickup_window.end": "2026-12-24T12:00"]))
            #expect(placed.status == .seeOther && MatrixViews.flash(placed).contains("is placed"))
            let path = try #require(placed.location)
            #expect(path.hasPrefix("/client/orders/"))
            let orderID = String(path.dropFirst("/client/orders/".count))
            let api = try await app.send(.GET, "/api/v1/client/orders/\(orderID)", token: token)
            let tasks = api["tasks"] as? [[String: Any]] ?? []
            #expect(tasks.map { $0["type"] as? String } == ["job", "pickup", "delivery"])
            let pickupWindow = tasks.first { $0["type"] as? String == "pickup" }?["pickup_window"] as? [String: Any]
            #expect(pickupWindow?["start"] as? String == "2026-12-24T09:00:00Z", "10:00 in Berlin")
            #expect(api["reference"] as? String == "RCPT-77")

            let page = try await browser.get(path)
            let number = try #require(api["number"] as? String)
            #expect(page.status == .ok && page.body.contains("Order \(number)"))
            #expect(page.body.contains("Pickup <span class=\"status awaiting_assignment\">Awaiting Assignment</span>"))
            #expect(page.body.contains("Delivery <span class=\"status awaiting_assignment\">Awaiting Assignment</span>"))
            #expect(page.body.contains("24 Dec 2026, 10:00 – 12:00"), "the window in the courier's time zone")
            let tracking = try #require(api["tracking_url"] as? String)
            #expect(page.body.contains(#"href="\#(tracking)""#))

            let list = try await browser.get("/client")
            #expect(list.body.contains(#"<a href="\#(path)">\#(number)</a>"#) && list.body.contains("RCPT-77"))
            #expect(try await browser.get("/client?status=cancelled").body.contains("No orders match."))
            let badStatus = try await browser.get("/client?status=lost")
            #expect(badStatus.status == .unprocessableEntity && badStatus.body.contains("status"))

            let all = try await browser.get("/client/tasks")
            #expect(all.status == .ok && all.body.components(separatedBy: #"<tr id="task-"#).count - 1 == 3)
            let pickups = try await browser.get("/client/tasks?type=pickup&status=")
            #expect(pickups.body.components(separatedBy: #"<tr id="task-"#).count - 1 == 1)
            #expect(pickups.body.contains(#"<option value="pickup" selected="">Pickup</option>"#), "the filter is kept")

            // The courier moves the delivery: the portal shows it.
            let delivery = try #require(tasks.first { $0["type"] as? String == "delivery" }?["id"] as? String)
            for move in ["assigned", "accepted", "in_transit"] {
                let moved = try await world.move(delivery, move, agent: move == "assigned" ? world.agent.id : nil)
                #expect(moved.status == .ok, "\(moved.text)")
            }
            let moving = try await browser.get("/client/tasks?status=in_transit")
            #expect(moving.body.contains("In Transit") && moving.body.components(separatedBy: #"<tr id="task-"#).count - 1 == 1)
            #expect(moving.body.contains(#"<td data-label="Driver">agent</td>"#), "the driver's name")
        }
    }

    @Test func settingsAreSavedAndTheirPreviewAndTrackingPageShowTheLook() async throws {
        try await withTestApp { app in
            let world = try await CourierWorld.make(app)
            let (_, token) = try await world.activeClient("Bakery", email: "orders@bakery.example")
            let browser = try await portal(app, "orders@bakery.example")
            let first = try await browser.get("/client/settings")
            #expect(first.status == .ok && first.body.contains(#"<label for="settings-brand-color">Brand colour"#))
            #expect(first.body.contains(#"id="settings-client-email-task-completed" name="client_email.task_completed" value="true" checked="""#))
            #expect(!first.body.contains("<style>"), "no colour yet")

            let bad = try await browser.post("/client/settings", ["brand_color": "blue", "logo_url": "http://insecure.example/logo.png",
                                                                  "message": "", "client_email.task_created": "true"])
            #expect(bad.status == .unprocessableEntity && bad.body.contains(#"id="settings-brand-color-error""#))
            #expect(bad.body.contains(#"id="settings-logo-url-error""#) && bad.body.contains(#"value="blue""#))
            #expect(bad.body.contains(#"id="settings-client-email-task-created" name="client_email.task_created" value="true" checked="""#))

            let saved = try await browser.post("/client/settings", [
                "client_email.task_completed": "true", "recipient.task_in_transit": "true", "recipient.task_completed": "true",
                "brand_color": "#1A73E8", "brand_color_picker": "#2357d9", "brand_color_picker_start": "#2357d9",
                "logo_url": "https://cdn.example.com/logo.png", "message": "Thanks for <ordering>!"])
            #expect(saved.status == .seeOther && saved.location == "/client/settings" && MatrixViews.flash(saved) == "Settings saved.")
            let settings = try await app.send(.GET, "/api/v1/client/settings", token: token)
            #expect(settings["client_email_events"] as? [String] == ["task_completed"])
            #expect(settings["recipient_events"] as? [String] == ["task_in_transit", "task_completed"])
            #expect(settings["brand_color"] as? String == "#1a73e8" && settings["message"] as? String == "Thanks for <ordering>!")
            #expect(settings["logo_url"] as? String == "https://cdn.example.com/logo.png")

            let page = try await browser.get("/client/settings")
            #expect(page.body.contains("<style>.brand-band{background:#1a73e8;color:#000000"))
            #expect(page.body.contains(#"src="https://cdn.example.com/logo.png""#) && page.body.contains("Thanks for &lt;ordering&gt;!"))
            let policy = page.headers.first(name: "Content-Security-Policy") ?? ""
            #expect(policy.contains("style-src 'self' 'sha256-") && policy.contains("img-src 'self' data: https:"))
            #expect(policy.contains("script-src 'self';"), "no inline script")

            // Without script, the colour picker alone counts when it was moved.
            let picked = try await browser.post("/client/settings", [
                "brand_color": "#1a73e8", "brand_color_picker": "#ff0000", "brand_color_picker_start": "#1a73e8",
                "logo_url": "", "message": "", "recipient.task_completed": "true"])
            #expect(picked.status == .seeOther)
            let after = try await app.send(.GET, "/api/v1/client/settings", token: token)
            #expect(after["brand_color"] as? String == "#ff0000" && after["logo_url"] is NSNull && after["message"] is NSNull)

            let placed = try await world.order(token)
            let tracking = try #require(placed["tracking_url"] as? String)
            let code = String(tracking.split(separator: "/").last ?? "")
            let track = try await WebBrowser(app).get("/track/\(code)")
            #expect(track.status == .ok && track.body.contains(".brand-band{background:#ff0000"))
        }
    }

    @Test func anotherClientsOrderIsNotFoundAndADeletedClientIsSignedOut() async throws {
        try await withTestApp { app in
            let world = try await CourierWorld.make(app)
            let (_, first) = try await world.activeClient("Bakery", email: "orders@bakery.example")
            let (secondID, _) = try await world.activeClient("Pharmacy", email: "rx@pharmacy.example")
            let placed = try await world.order(first)
            let id = try #require(placed["id"] as? String)
            let number = try #require(placed["number"] as? String)

            let owner = try await portal(app, "orders@bakery.example")
            #expect(try await owner.get("/client/orders/\(id)").status == .ok)
            let other = try await portal(app, "rx@pharmacy.example")
            let foreign = try await other.get("/client/orders/\(id)")
            #expect(foreign.status == .notFound && !foreign.body.contains(number) && foreign.body.contains("Back to your orders"))
            #expect(try await other.get("/client/orders/not-an-id").status == .notFound)
            #expect(!(try await other.get("/client/tasks")).body.contains(number))
            #expect(!(try await other.get("/client")).body.contains(number))

            let deleted = try await app.send(.DELETE, "/api/v1/clients/\(secondID)", token: world.admin)
            #expect(deleted.status == .noContent)
            let gone = try await other.get("/client")
            #expect(gone.status == .seeOther && gone.location == "/client/sign-in")
            try await other.get("/client/sign-in")
            let again = try await other.post("/client/sign-in", ["email": "rx@pharmacy.example", "password": testPassword])
            #expect(again.status == .unauthorized)
        }
    }

    @Test func aNewEmailAddressIsConfirmedFromItsLink() async throws {
        try await withTestApp { app in
            let world = try await CourierWorld.make(app)
            let (id, _) = try await world.activeClient("Bakery", email: "orders@bakery.example")
            let changed = try await app.send(.PATCH, "/api/v1/clients/\(id)", token: world.admin, json: ["email": "new@bakery.example"])
            #expect(changed.status == .ok, "\(changed.text)")
            let secret = try await CourierWorld.linkSecret(app, clientID: id, path: "/client/confirm-email?token=")
            let browser = WebBrowser(app)
            let page = try await browser.get("/client/confirm-email?token=\(secret)")
            #expect(page.status == .ok && page.body.contains("new@bakery.example") && page.body.contains("Confirm this address"))
            let done = try await browser.post("/client/confirm-email", ["token": secret])
            #expect(done.status == .ok && done.body.contains("Address confirmed"))
            let client = try await app.send(.GET, "/api/v1/clients/\(id)", token: world.admin)
            #expect(client["email"] as? String == "new@bakery.example" && client["pending_email"] is NSNull)
            #expect(try await WebBrowser(app).get("/client/confirm-email?token=\(secret)").status == .gone)
            _ = try await portal(app, "new@bakery.example")
        }
    }
}
