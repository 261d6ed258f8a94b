@testable import App
import Foundation
import Testing
import Vapor

/// The dashboard half of notifications (issue 18) through plain forms, as a script-less browser uses them: the
/// outbox page, retry, the matrix and template editor on the settings page, and the customer page's sections.
@Suite struct NotificationDashboardTests {
    private func signedIn(_ app: Application, _ email: String) async throws -> WebBrowser {
        let browser = WebBrowser(app)
        try await browser.signIn(email, testPassword)
        return browser
    }

    @Test func adminsAndDispatchersSeeTheOutboxAndAgentsAndGuestsAreRefused() async throws {
        try await withTestApp(adjust: { $0.outboxForTests() }) { app in
            let world = try await NotificationWorld.make(app)
            let customer = try await world.customer(["name": "Ada Lovelace", "first_name": "Ada", "email": "ada@example.com"])
            _ = try await world.task(for: customer)
            let email = try #require(try await world.notifications("&channel=email").first?["id"] as? String)
            let dispatcher = try await app.createUser(in: world.org, role: "dispatcher")
            let agent = try await app.createUser(in: world.org, role: "agent")
            let guest = try await app.createUser(in: world.org, role: "guest")

            for staff in [world.org.adminEmail, dispatcher.email] {
                let browser = try await signedIn(app, staff)
                let list = try await browser.get("/notifications")
                #expect(list.status == .ok, "\(staff)")
                #expect(list.body.contains(#"<a href="/notifications">Notifications</a>"#), "the navigation links it")
                #expect(list.body.contains(#"<a href="/customers/\#(customer)">Ada Lovelace</a>"#))
                #expect(list.body.contains("We have your order") && list.body.contains("ada@example.com"))
                let detail = try await browser.get("/notifications/\(email)")
                #expect(detail.status == .ok)
                // The HTML part is its source, escaped: nothing of the email is rendered into the dashboard.
                #expect(detail.body.contains("&lt;p&gt;Hello Ada,&lt;/p&gt;"))
                #expect(!detail.body.contains("<p>Hello Ada,</p>"))
                #expect(try await browser.get("/settings/templates/task_created/email").status == .ok)
            }
            for other in [agent.email, guest.email] {
                let browser = try await signedIn(app, other)
                #expect(!(try await browser.get("/customers")).body.contains(#"href="/notifications""#), "no link for \(other)")
                for path in ["/notifications", "/notifications/\(email)", "/settings/templates", "/settings/templates/task_created/email"] {
                    #expect(try await browser.get(path).status == .forbidden, "\(other) \(path)")
                }
            }

            // The filters live in the query string: a link brings the same view.
            let admin = try await signedIn(app, world.org.adminEmail)
            let inApp = try await admin.get("/notifications?channel=in_app&status=")
            #expect(inApp.body.contains(#"<option value="in_app" selected="">"#))
            #expect(inApp.body.contains("Task created") && !inApp.body.contains("ada@example.com"))
            let wrong = try await admin.get("/notifications?status=lost")
            #expect(wrong.status == .ok && wrong.body.contains(#"role="alert""#) && wrong.body.contains("status"))
        }
    }

    @Test func failedOnesComeFirstAndRetryQueuesOneAgainAndReturnsToTheSameView() async throws {
        let sink = try TestServerProcess(script: "sms_sink.py", arguments: ["--refuse", "0199"])
        try await withTestApp(adjust: { $0.outboxForTests(sms: sink) }) { app in
            let world = try await NotificationWorld.make(app)
            let agent = try await app.createUser(in: world.org, role: "agent")
            let customer = try await world.customer(["name": "Rita Refused", "phone": "+14155550199"])
            try await world.move(try await world.task(for: customer), through: ["awaiting_assignment", "assigned", "accepted", "in_transit"],
                                 agent: agent)
            try await world.deliver()
            let failed = try #require(try await world.notifications("&status=failed").first?["id"] as? String)

            let admin = try await signedIn(app, world.org.adminEmail)
            let page = try await admin.get("/notifications")
            let section = try #require(page.body.range(of: "Failed (1)"))
            let row = try #require(page.body.range(of: #"id="n-\#(failed)""#))
            let rest = try #require(page.body.range(of: "Everything else, newest first"))
            #expect(section.lowerBound < row.lowerBound && row.lowerBound < rest.lowerBound, "the failed one is listed first")
            #expect(page.body.contains("Retry the in transit sms to +14155550199"))
            #expect(page.body.components(separatedBy: #"id="n-\#(failed)""#).count == 2, "listed once")

            let view = "/notifications?channel=sms"
            try await admin.get(view)
            let retried = try await admin.post("/notifications/\(failed)/retry", ["return_to": view])
            #expect(retried.status == .seeOther && retried.location == view)
            #expect(MatrixViews.flash(retried).hasPrefix("Queued again"))
            let queued = try await app.send(.GET, "/api/v1/notifications/\(failed)", token: world.org.adminToken)
            #expect(queued["status"] as? String == "queued" && queued["attempts"] as? Int == 0, "\(queued.text)")
            let again = try await admin.post("/notifications/\(failed)/retry", ["return_to": view])
            #expect(MatrixViews.flash(again).hasPrefix("Not retried"))
            #expect(!(try await admin.get(view)).body.contains("Failed ("))

            let agentBrowser = try await signedIn(app, agent.email)
            #expect(try await agentBrowser.post("/notifications/\(failed)/retry", [:]).status == .forbidden)
        }
    }

    @Test func theMatrixIsSavedFromItsCheckboxes() async throws {
        try await withTestApp(adjust: { $0.outboxForTests() }) { app in
            let world = try await NotificationWorld.make(app)
            let admin = try await signedIn(app, world.org.adminEmail)
            func ticked(_ page: WebResponse, _ event: String, _ channel: String) -> Bool {
                page.body.contains(#"name="notify-\#(event)-\#(channel)" value="true" checked="""#)
            }
            let settings = try await admin.get("/settings")
            #expect(ticked(settings, "task_in_transit", "sms") && !ticked(settings, "task_created", "sms"))

            let saved = try await admin.post("/settings/notifications", ["notify-task_created-email": "true", "notify-task_completed-sms": "true"])
            #expect(saved.status == .seeOther && saved.location == "/settings", "\(saved.body)")
            func matrix() async throws -> [String: [String]]? {
                let org = try await app.send(.GET, "/api/v1/organizations/\(world.org.id)", token: world.org.adminToken)
                return (org["settings"] as? [String: Any])?["notifications"] as? [String: [String]]
            }
            let chosen = ["task_created": ["email"], "task_accepted": [], "task_in_transit": [], "task_completed": ["sms"],
                          "task_cancelled": []]
            #expect(try await matrix() == chosen)
            let again = try await admin.get("/settings")
            #expect(ticked(again, "task_created", "email") && !ticked(again, "task_in_transit", "sms"))

            let dispatcher = try await signedIn(app, try await app.createUser(in: world.org, role: "dispatcher").email)
            #expect(try await dispatcher.post("/settings/notifications", [:]).status == .forbidden)
            #expect(try await matrix() == chosen)
        }
    }

    @Test func aBrokenTemplateShowsItsProblemAtTheFieldAndThePreviewShowsItsHTMLEscaped() async throws {
        try await withTestApp(adjust: { $0.outboxForTests() }) { app in
            let world = try await NotificationWorld.make(app)
            let renamed = try await app.send(.PATCH, "/api/v1/organizations/\(world.org.id)", token: world.org.adminToken,
                                             json: ["name": "Bolt & <Co>"])
            #expect(renamed.status == .ok)
            let path = "/settings/templates/task_completed/email"
            let api = "/api/v1/notification-templates/task_completed/email"
            let admin = try await signedIn(app, world.org.adminEmail)
            let editor = try await admin.get(path)
            #expect(editor.body.contains("<code>{{customer.first_name}}</code>") && editor.body.contains("The default wording."))

            let broken = try await admin.post(path, ["subject": "Done", "body": "<p>Hi {{customer.nope}}</p>"])
            #expect(broken.status == .unprocessableEntity)
            #expect(broken.body.contains(#"<p class="field-error" id="t-body-error">uses {{customer.nope}}"#))
            #expect(broken.body.contains("&lt;p&gt;Hi {{customer.nope}}&lt;/p&gt;"), "what was typed is kept")
            let noSubject = try await admin.post(path, ["subject": " ", "body": "<p>Done</p>"])
            #expect(noSubject.status == .unprocessableEntity && noSubject.body.contains(#"id="t-subject-error""#))

            let preview = try await admin.post(path + "/preview", ["subject": "From {{organization.name}}",
                                                                   "body": "<p>{{organization.name}} for {{customer.name}}</p>"])
            #expect(preview.status == .ok)
            // Mustache escaped the value in the HTML part; the page escapes that source again, so it shows as text.
            #expect(preview.body.contains("&lt;p&gt;Bolt &amp;amp; &amp;lt;Co&amp;gt; for Ada Lovelace&lt;/p&gt;"))
            #expect(preview.body.contains("From Bolt &amp; &lt;Co&gt;") && !preview.body.contains("<p>Bolt"))
            #expect(try await app.send(.GET, api, token: world.org.adminToken)["customized"] as? Bool == false, "a preview saves nothing")

            let saved = try await admin.post(path, ["subject": "Delivered {{order.number}}", "body": "<p>Thanks {{customer.first_name}}</p>"])
            #expect(saved.status == .seeOther && MatrixViews.flash(saved) == "Template saved.")
            #expect(try await app.send(.GET, api, token: world.org.adminToken)["body"] as? String == "<p>Thanks {{customer.first_name}}</p>")
            #expect(try await admin.get(path).body.contains("Reset to default"))
            #expect(try await admin.post(path + "/reset", [:]).status == .seeOther)
            #expect(try await app.send(.GET, api, token: world.org.adminToken)["customized"] as? Bool == false)

            let dispatcher = try await signedIn(app, try await app.createUser(in: world.org, role: "dispatcher").email)
            let readOnly = try await dispatcher.get(path)
            #expect(readOnly.status == .ok && !readOnly.body.contains(">Save</button>") && readOnly.body.contains(">Preview</button>"))
            #expect(try await dispatcher.post(path, ["subject": "x", "body": "y"]).status == .forbidden)
            #expect(try await dispatcher.post(path + "/preview", ["subject": "x", "body": "y"]).status == .ok)
            #expect(try await admin.get("/settings/templates/task_lost/email").status == .notFound)
        }
    }

    @Test func sendMessageIsOfferedOnOptedInChannelsOnlyToRolesThatSend() async throws {
        try await withTestApp(adjust: { $0.outboxForTests() }) { app in
            let world = try await NotificationWorld.make(app)
            let guest = try await app.createUser(in: world.org, role: "guest")
            let dispatcher = try await app.createUser(in: world.org, role: "dispatcher")
            let olive = try await world.customer(["name": "Olive Optin", "first_name": "Olive", "email": "olive@example.com",
                                                  "phone": "+14155550111", "marketing": ["email_opt_in": true], "managed_by": guest.id])
            let otto = try await world.customer(["name": "Otto Out", "email": "otto@example.com"])
            let admin = try await signedIn(app, world.org.adminEmail)
            let page = try await admin.get("/customers/\(olive)")
            let channels = try #require(page.body.range(of: #"id="msg-channel""#)).upperBound
            let offered = page.body[channels...].components(separatedBy: "</select>")[0]
            #expect(offered.contains(#"<option value="email""#) && !offered.contains(#"<option value="sms""#), "Olive opted in to email only")
            #expect(page.body.contains(#"id="notifications-title""#) && page.body.contains("No notifications yet."))
            #expect(!(try await admin.get("/customers/\(otto)")).body.contains("Send message"))
            #expect((try await signedIn(app, dispatcher.email).get("/customers/\(olive)")).body.contains("Send message"))
            let guestPage = try await signedIn(app, guest.email).get("/customers/\(olive)")
            #expect(guestPage.status == .ok && !guestPage.body.contains("Send message") && !guestPage.body.contains(#"id="notifications-title""#))

            try await admin.get("/customers/\(olive)")
            let broken = try await admin.post("/customers/\(olive)/messages", ["channel": "email", "body": "Hi {{customer.nope}}"])
            #expect(broken.status == .unprocessableEntity && broken.body.contains(#"id="msg-body-error""#))
            #expect(broken.body.contains("Hi {{customer.nope}}</textarea>"), "what was typed is kept")
            let sent = try await admin.post("/customers/\(olive)/messages", ["channel": "email", "subject": "Spring news",
                                                                             "body": "Hello {{customer.first_name}}"])
            #expect(sent.status == .seeOther && sent.location == "/customers/\(olive)")
            #expect(MatrixViews.flash(sent) == "Message to Olive Optin: 1 queued, 0 skipped without consent, 0 skipped without contact details.")
            let marketing = try await world.notifications("&event=marketing&customer_id=\(olive)")
            #expect(marketing.count == 1 && marketing.first?["subject"] as? String == "Spring news" && marketing.first?["to"] as? String == "olive@example.com")
            let after = try await admin.get("/customers/\(olive)")
            #expect(after.body.contains("Spring news") && after.body.contains("/notifications?customer_id=\(olive)"))
            let sms = try await admin.post("/customers/\(olive)/messages", ["channel": "sms", "subject": "ignored", "body": "Hi"])
            #expect(MatrixViews.flash(sms).contains("0 queued, 1 skipped without consent"))
        }
    }
}
