@testable import App
import Foundation
import SQLKit
import Testing
import Vapor

/// The staff dashboard's side of customer accounts (issue 21) through plain forms, as a script-less browser uses them: a
/// linked record's page shows the link and nothing else of the account, its overrides (inherited again from the page),
/// the person's refused changes, and unlinking after a confirmation page; the admins' erasure requests page lists the
/// requests people made from their accounts, erases a record after its name is typed, dismisses one with its reason.
@Suite struct AccountStaffDashboardTests {
    private func signedIn(_ app: Application, _ email: String) async throws -> WebBrowser {
        let browser = WebBrowser(app)
        try await browser.signIn(email, testPassword)
        return browser
    }

    @Test func aLinkedRecordShowsItsLinkOverridesAndConflictsAndIsUnlinked() async throws {
        try await withTestApp { app in
            let world = AccountWorld(app: app, smtp: nil)
            let root = try await app.rootToken()
            let alpha = try await app.createOrganization("alpha", rootToken: root)
            let bravo = try await app.createOrganization("bravo", rootToken: root)
            let existing = try await app.createCustomer(alpha.adminToken, ["name": "A. Lee", "email": "ann@example.com", "notes": "VIP"])
            let id = try #require(existing["id"] as? String)
            _ = try await app.createCustomer(alpha.adminToken, ["name": "Bob Other", "phone": "+49 30 1234567"])
            let page = "/customers/\(id)"
            let admin = try await signedIn(app, alpha.adminEmail)

            let before = try await admin.get(page)
            #expect(before.status == .ok && !before.body.contains("Customer account"), "an unlinked record shows no account card")
            try await admin.get(page + "/unlink").expectPage(.conflict, "not linked to a customer account")

            // The person signs up, joins Alpha (its record is linked) and Bravo.
            let token = try await world.verifiedAccount("ann@example.com", name: "Ann Lee")
            #expect(try await world.join(token, "alpha").status == .created)
            #expect(try await world.join(token, "bravo").status == .created)
            let linked = try await app.send(.GET, "/api/v1/customers/\(id)", token: alpha.adminToken)
            let since = try #require((linked["account"] as? [String: Any])?["since"] as? String)
            let sinceDate = try #require(ISO8601DateFormatter.withFractions.date(from: since) ?? ISO8601DateFormatter().date(from: since))

            // Alpha's staff override the name; the person then changes name and phone: the name stays Alpha's, and
            // Alpha's rules refuse the phone (Bob has it).
            let renamed = try await app.send(.PATCH, "/api/v1/customers/\(id)", token: alpha.adminToken, json: ["name": "Annie L."])
            #expect(renamed["overridden_fields"] as? [String] == ["name"], "\(renamed.text)")
            let changed = try await app.send(.PATCH, "/api/v1/account", token: token, json: ["name": "Ann Lee-Smith", "phone": "+49 30 1234567"])
            #expect(changed.status == .ok, "\(changed.text)")

            let shown = try await admin.get(page)
            #expect(shown.status == .ok)
            #expect(shown.body.contains("Linked to a customer account since \(Formats.date(sinceDate))."))
            #expect(shown.body.contains(#"<li id="override-name"><strong>Name</strong>: Annie L. "#), "the overridden name and its value here")
            #expect(shown.body.contains(#"action="\#(page)/overrides/name/delete""#) && shown.body.contains("Inherit from the account again"))
            #expect(shown.body.contains(#"<li id="conflict-phone"><strong>Phone</strong>: the customer asked for “+49301234567” on "#))
            #expect(shown.body.contains("Refused: \(CustomerRules.duplicateContact)."), "why the phone was refused")
            #expect(shown.body.contains(#"href="\#(page)/unlink""#) && shown.body.contains("Unlink from the account"))
            // Nothing else of the account: not its own name (overridden here), not its other organization, not its id.
            let accountID = try #require(try await SQLRows.first("SELECT id FROM accounts", on: try app.db.sql)?
                .decode(column: "id", as: UUID.self))
            for hidden in ["Ann Lee-Smith", "bravo", bravo.id, accountID.uuidString, accountID.uuidString.lowercased()] {
                #expect(!shown.body.contains(hidden), "the customer page shows \(hidden)")
            }

            // A form without the session's token is refused, and changes nothing.
            let forged = try await admin.post(page + "/overrides/name/delete", [:], withCSRF: false)
            #expect(forged.status == .forbidden && forged.body.contains("did not come from the dashboard"))
            #expect(try await app.send(.GET, "/api/v1/customers/\(id)", token: alpha.adminToken)["name"] as? String == "Annie L.")

            // "Inherit from the account again": the record takes the account's name.
            let inherited = try await admin.post(page + "/overrides/name/delete", [:])
            #expect(inherited.status == .seeOther && inherited.location == page + "#account")
            #expect(MatrixViews.flash(inherited) == "Name follows the customer account again.")
            let record = try await app.send(.GET, "/api/v1/customers/\(id)", token: alpha.adminToken)
            #expect(record["name"] as? String == "Ann Lee-Smith")
            #expect(record["overridden_fields"] as? [String] == [])
            let after = try await admin.get(page)
            #expect(!after.body.contains(#"id="override-name""#) && after.body.contains(#"id="conflict-phone""#))
            try await admin.post(page + "/overrides/notes/delete", [:]).expectPage(.unprocessableEntity, "must be an inherited field")

            // A dispatcher sees the same card; an agent sees none of it.
            let dispatcher = try await app.createUser(in: alpha, role: "dispatcher")
            let dispatcherPage = try await signedIn(app, dispatcher.email).get(page)
            #expect(dispatcherPage.body.contains("Linked to a customer account since") && dispatcherPage.body.contains("Unlink from the account"))
            let agent = try await app.createUser(in: alpha, role: "agent")
            let task = try await app.send(.POST, "/api/v1/tasks", token: alpha.adminToken, json: [
                "type": "delivery", "customer_id": id, "dropoff": ["line1": "1 Main St"], "agent_id": agent.id,
            ])
            #expect(task.status == .created, "\(task.text)")
            for move in [["to": "awaiting_assignment"], ["to": "assigned", "agent_id": agent.id]] {
                let moved = try await app.send(.POST, "/api/v1/tasks/\(task["id"] as? String ?? "")/transitions", token: alpha.adminToken, json: move)
                #expect(moved.status == .ok, "\(moved.text)")
            }
            let agentPage = try await signedIn(app, agent.email).get(page)
            #expect(agentPage.status == .ok && agentPage.body.contains("Ann Lee-Smith"), "the agent sees its task's customer")
            for hidden in ["Customer account", "Linked to a customer account", "conflict-phone", "/unlink"] {
                #expect(!agentPage.body.contains(hidden), "an agent's customer page shows \(hidden)")
            }
            try await signedIn(app, agent.email).get(page + "/unlink").expectPage(.forbidden, "change customers")

            // Unlinking, after its confirmation page.
            let confirm = try await admin.get(page + "/unlink")
            #expect(confirm.status == .ok && confirm.body.contains("Unlink “Ann Lee-Smith” from their customer account?"))
            #expect(confirm.body.contains("Yes, unlink the record") && confirm.body.contains(#"action="\#(page)/unlink""#))
            let forgedUnlink = try await admin.post(page + "/unlink", [:], withCSRF: false)
            #expect(forgedUnlink.status == .forbidden)
            let unlinked = try await admin.post(page + "/unlink", [:])
            #expect(unlinked.status == .seeOther && unlinked.location == page)
            #expect(MatrixViews.flash(unlinked) == "“Ann Lee-Smith” is no longer linked to a customer account.")
            let alone = try await app.send(.GET, "/api/v1/customers/\(id)", token: alpha.adminToken)
            #expect(alone["account"] is NSNull && alone["name"] as? String == "Ann Lee-Smith" && alone["notes"] as? String == "VIP")
            #expect((alone["account_conflicts"] as? [Any])?.isEmpty == true, "\(alone.text)")
            let gone = try await admin.get(page)
            #expect(!gone.body.contains("Customer account") && !gone.body.contains("conflict-phone"))
            let timeline = try await app.send(.GET, "/api/v1/customers/\(id)/timeline", token: alpha.adminToken)
            #expect(timeline.data.contains { $0["type"] as? String == "account_unlinked" })
            #expect(timeline.data.contains { $0["type"] as? String == "override_cleared" })
            try await admin.post(page + "/unlink", [:]).expectPage(.conflict, "not linked to a customer account")
            // The person's account still has Bravo.
            #expect(try await app.send(.GET, "/api/v1/account/links", token: token).data.count == 1)
        }
    }

    @Test func erasureRequestsAreListedErasedAndDismissedFromTheirPage() async throws {
        try await withTestApp { app in
            let world = AccountWorld(app: app, smtp: nil)
            let root = try await app.rootToken()
            let alpha = try await app.createOrganization("alpha", rootToken: root)
            var customers: [String: String] = [:]
            for (email, name) in [("lee@example.com", "Lee Park"), ("kim@example.com", "Kim <Moss>")] {
                let token = try await world.verifiedAccount(email, name: name)
                #expect(try await world.join(token, "alpha").status == .created)
                customers[name] = try #require(try await world.record(alpha, email: email)["id"] as? String)
                let asked = try await app.send(.POST, "/api/v1/account/erasure-request", token: token)
                #expect(asked.status == .accepted, "\(asked.text)")
            }
            let open = try await app.send(.GET, "/api/v1/erasure-requests?status=open", token: alpha.adminToken)
            func requestID(_ name: String) throws -> String {
                try #require(open.data.first { $0["customer_id"] as? String == customers[name] }?["id"] as? String, "\(open.text)")
            }
            let lee = try requestID("Lee Park")
            let kim = try requestID("Kim <Moss>")

            let admin = try await signedIn(app, alpha.adminEmail)
            let home = try await admin.get("/customers")
            #expect(home.body.contains(#"<a href="/erasure-requests">Erasure requests <span class="count">2<span class="visually-hidden"> open</span></span></a>"#),
                    "the navigation counts the open requests")

            let listed = try await admin.get("/erasure-requests")
            #expect(listed.status == .ok && listed.body.contains(#"<h2 id="open-title">Open (2)</h2>"#))
            #expect(listed.body.contains(#"id="request-\#(lee)""#) && listed.body.contains(#"id="request-\#(kim)""#))
            #expect(listed.body.contains(#"<a href="/customers/\#(customers["Lee Park"]!)">Lee Park</a>"#))
            #expect(listed.body.contains("Kim &lt;Moss&gt;") && !listed.body.contains("Kim <Moss>"), "names are escaped")
            #expect(listed.body.contains(#"href="/erasure-requests/\#(lee)/erase""#) && listed.body.contains("Erase the record"))
            #expect(listed.body.contains(#"action="/erasure-requests/\#(kim)/dismiss""#) && listed.body.contains("Requested "))
            #expect(listed.body.contains("No request handled yet."))

            // Erasing asks for the customer's name, typed out.
            let confirm = try await admin.get("/erasure-requests/\(lee)/erase")
            #expect(confirm.status == .ok && confirm.body.contains("Erase the record of “Lee Park”?"))
            #expect(confirm.body.contains("Type “Lee Park” to confirm"))
            let mistyped = try await admin.post("/erasure-requests/\(lee)/erase", ["confirm": "Lee"])
            #expect(mistyped.status == .unprocessableEntity && mistyped.body.contains(#"id="f-confirm-error""#))
            let forged = try await admin.post("/erasure-requests/\(lee)/erase", ["confirm": "Lee Park"], withCSRF: false)
            #expect(forged.status == .forbidden)
            #expect(try await app.send(.GET, "/api/v1/customers/\(customers["Lee Park"]!)", token: alpha.adminToken)["name"] as? String == "Lee Park")
            let erased = try await admin.post("/erasure-requests/\(lee)/erase", ["confirm": " lee park "])
            #expect(erased.status == .seeOther && erased.location == "/erasure-requests")
            #expect(MatrixViews.flash(erased) == "The customer's record was erased, and the request closed.")
            let record = try await app.send(.GET, "/api/v1/customers/\(customers["Lee Park"]!)", token: alpha.adminToken)
            #expect(record["name"] as? String == CustomerEraser.placeholderName || record.status == .notFound, "\(record.text)")
            let again = try await admin.post("/erasure-requests/\(lee)/erase", ["confirm": "Lee Park"])
            #expect(again.status == .seeOther && MatrixViews.flash(again) == "This request was already erased.")
            #expect(try await admin.get("/erasure-requests/\(lee)/erase").location == "/erasure-requests")

            // Dismissing needs a reason.
            let noReason = try await admin.post("/erasure-requests/\(kim)/dismiss", ["reason": "  "])
            #expect(noReason.status == .unprocessableEntity && noReason.body.contains(#"id="dismiss-\#(kim)-reason-error""#))
            let dismissed = try await admin.post("/erasure-requests/\(kim)/dismiss", ["reason": "Unpaid invoice <until 2031>"])
            #expect(dismissed.status == .seeOther && MatrixViews.flash(dismissed) == "Request dismissed: the record of Kim <Moss> is kept.")
            let kept = try await app.send(.GET, "/api/v1/erasure-requests?status=dismissed", token: alpha.adminToken)
            #expect(kept.data.first?["reason"] as? String == "Unpaid invoice <until 2031>" && kept.data.first?["handled_by"] as? String == "Admin alpha")

            let handled = try await admin.get("/erasure-requests")
            #expect(handled.body.contains(#"<h2 id="open-title">Open (0)</h2>"#) && handled.body.contains("No open requests."))
            #expect(handled.body.contains("Erased by Admin alpha on ") && handled.body.contains("Asked by the customer from their account"))
            #expect(handled.body.contains("Dismissed by Admin alpha on ") && handled.body.contains(": Unpaid invoice &lt;until 2031&gt;"))
            #expect(!handled.body.contains(#"<span class="count">"#), "no open request left to count")
            // The audit log names the dashboard's route.
            let paths = try await SQLRows.all("SELECT path FROM audit_log WHERE action LIKE 'erasure_request_%' ORDER BY path",
                                              on: try app.db.sql).map { try $0.decode(column: "path", as: String.self) }
            #expect(Set(paths) == ["/erasure-requests/\(lee)/erase", "/erasure-requests/\(kim)/dismiss"])

            // A dispatcher has neither the page nor its link.
            let dispatcher = try await signedIn(app, try await app.createUser(in: alpha, role: "dispatcher").email)
            let refused = try await dispatcher.get("/erasure-requests")
            #expect(refused.status == .forbidden && !refused.body.contains(#"href="/erasure-requests""#))
            #expect(try await dispatcher.post("/erasure-requests/\(kim)/dismiss", ["reason": "x"]).status == .forbidden)
            #expect(try await dispatcher.get("/erasure-requests/\(kim)/erase").status == .forbidden)
        }
    }
}

private extension WebResponse {
    /// The error page of `status`, saying `text`.
    func expectPage(_ status: HTTPResponseStatus, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(self.status == status && body.contains(text), "\(self.status): \(body.prefix(400))", sourceLocation: sourceLocation)
    }
}

private extension ISO8601DateFormatter {
    static var withFractions: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}
