@testable import App
import Foundation
import Testing
import Vapor

/// The staff dashboard half of courier clients (issue 20) through plain forms, as a script-less browser uses them:
/// clients (list, new, edit with a pending email, invite, delete after a confirmation page, their orders and timeline),
/// teams (new, agents, rename, delete), the "Courier" setting, the team of a new task; and who may see what.
@Suite struct CourierDashboardTests {
    private func signedIn(_ app: Application, _ email: String) async throws -> WebBrowser {
        let browser = WebBrowser(app)
        try await browser.signIn(email, testPassword)
        return browser
    }

    private func team(_ world: CourierWorld, _ name: String) async throws -> String {
        let created = try await world.app.send(.POST, "/api/v1/teams", token: world.admin, json: ["name": name])
        return try #require(created["id"] as? String, "\(created.text)")
    }

    /// The id at the end of a redirect to `/clients/{id}` or `/teams/{id}`.
    private func id(_ response: WebResponse) -> String {
        String(response.location?.split(separator: "/").last ?? "")
    }

    @Test func aClientIsCreatedEditedInvitedAndDeletedFromItsPages() async throws {
        try await withTestApp { app in
            let world = try await CourierWorld.make(app)
            let north = try await team(world, "North <riders>")
            let admin = try await signedIn(app, world.org.adminEmail)

            let empty = try await admin.get("/clients")
            #expect(empty.status == .ok && empty.body.contains("No clients match."))
            #expect(empty.body.contains(#"<a href="/clients">Clients</a>"#) && empty.body.contains(#"<a href="/teams">Teams</a>"#))
            #expect(empty.body.contains(#"href="/clients/new""#))
            let form = try await admin.get("/clients/new")
            #expect(form.body.contains(#"<option value="\#(north)">North &lt;riders&gt;</option>"#), "the teams, escaped")

            let noEmail = try await admin.post("/clients", ["name": "Bakery Bros", "email": " "])
            #expect(noEmail.status == .unprocessableEntity && noEmail.body.contains(#"id="f-email-error""#))
            #expect(noEmail.body.contains(#"name="name" value="Bakery Bros""#), "what was typed is kept")
            let badTeam = try await admin.post("/clients", ["name": "Bakery Bros", "email": "orders@bakery.example",
                                                            "auto_assign_team_id": UUID().uuidString])
            #expect(badTeam.status == .unprocessableEntity && badTeam.body.contains(#"id="f-auto-assign-team-id-error""#))

            let created = try await admin.post("/clients", ["name": "Bakery Bros", "email": "Orders@Bakery.example",
                                                            "auto_assign_team_id": north])
            #expect(created.status == .seeOther && MatrixViews.flash(created) == "Client “Bakery Bros” added.")
            let clientID = id(created)
            #expect(created.location == "/clients/\(clientID)")
            let twin = try await admin.post("/clients", ["name": "Twin", "email": "orders@bakery.example"])
            #expect(twin.status == .conflict && twin.body.contains(#"id="f-email-error""#), "the same email: 409 at the email")

            let listed = try await admin.get("/clients")
            #expect(listed.body.contains(#"id="client-\#(clientID)""#) && listed.body.contains("orders@bakery.example"))
            #expect(try await admin.get("/clients?q=BAKERY").body.contains(#"id="client-\#(clientID)""#))
            #expect(!(try await admin.get("/clients?q=nothing-like-it")).body.contains(#"id="client-\#(clientID)""#))
            #expect(try await admin.get("/clients?status=pending").body.contains(#"id="client-\#(clientID)""#))
            #expect(!(try await admin.get("/clients?status=deleted")).body.contains(#"id="client-\#(clientID)""#))
            let badFilter = try await admin.get("/clients?status=gone")
            #expect(badFilter.status == .ok && badFilter.body.contains("Status must be one of"), "a bad filter is said, not a 500")

            let page = "/clients/\(clientID)"
            let shown = try await admin.get(page)
            #expect(shown.body.contains(#"<span id="client-status"><span class="status pending">Pending</span></span>"#))
            #expect(shown.body.contains(#"<option value="\#(north)" selected="">"#), "the auto-assign team is chosen")
            #expect(shown.body.contains("Send invitation") && !shown.body.contains("Resend invitation"))
            #expect(shown.body.contains("Save client") && shown.body.contains(#"href="\#(page)/delete""#))
            #expect(shown.body.contains("No orders from this client yet.") && shown.body.contains("<strong>Created</strong>"))

            // A bad colour is refused at its field, with nothing saved.
            let badColour = try await admin.post(page, ["name": "Bakery Brothers", "email": "orders@bakery.example", "brand_color": "red"])
            #expect(badColour.status == .unprocessableEntity && badColour.body.contains(#"id="f-brand-color-error""#))
            #expect(try await app.send(.GET, "/api/v1/clients/\(clientID)", token: world.admin)["name"] as? String == "Bakery Bros")

            let edited = try await admin.post(page, [
                "name": "Bakery Brothers", "email": "hello@bakery.example", "auto_assign_team_id": "",
                "client_email_events-task_completed": "true", "recipient_events-task_in_transit": "true",
                "brand_color": "#1A73E8", "logo_url": "https://bakery.example/logo.png", "message": "Fresh <daily>",
            ])
            #expect(edited.status == .seeOther && edited.location == page)
            #expect(MatrixViews.flash(edited).contains("A confirmation link went to hello@bakery.example"), "\(MatrixViews.flash(edited))")
            let after = try await admin.get(page)
            #expect(after.body.contains("Waiting for confirmation from hello@bakery.example"))
            #expect(after.body.contains("<dd>orders@bakery.example</dd>"), "the email changes only once confirmed")
            #expect(after.body.contains("Fresh &lt;daily&gt;"), "escaped")
            let stored = try await app.send(.GET, "/api/v1/clients/\(clientID)", token: world.admin)
            #expect(stored["name"] as? String == "Bakery Brothers" && stored["pending_email"] as? String == "hello@bakery.example")
            let settings = try #require(stored["settings"] as? [String: Any])
            #expect(settings["auto_assign_team_id"] is NSNull)
            #expect(settings["client_email_events"] as? [String] == ["task_completed"])
            #expect(settings["recipient_events"] as? [String] == ["task_in_transit"])
            #expect(settings["brand_color"] as? String == "#1a73e8" && settings["message"] as? String == "Fresh <daily>")
            // Saving the form again as shown keeps the change of email under way.
            let again = try await admin.post(page, ["name": "Bakery Brothers", "email": "hello@bakery.example"])
            #expect(again.status == .seeOther && MatrixViews.flash(again) == "Client “Bakery Brothers” saved.")
            #expect(try await app.send(.GET, "/api/v1/clients/\(clientID)", token: world.admin)["pending_email"] as? String
                    == "hello@bakery.example")

            let invited = try await admin.post(page + "/invite", [:])
            #expect(invited.status == .seeOther && MatrixViews.flash(invited) == "Invitation sent to orders@bakery.example.")
            let invitedPage = try await admin.get(page)
            #expect(invitedPage.body.contains(#"<span class="status invited">Invited</span>"#) && invitedPage.body.contains("Resend invitation"))
            #expect(invitedPage.body.contains("Invitation sent to orders@bakery.example"), "on the timeline")
            #expect(try await app.send(.GET, "/api/v1/clients/\(clientID)", token: world.admin)["status"] as? String == "invited")

            let confirm = try await admin.get(page + "/delete")
            #expect(confirm.status == .ok && confirm.body.contains("Yes, delete the client") && confirm.body.contains("Bakery Brothers"))
            let deleted = try await admin.post(page + "/delete", [:])
            #expect(deleted.status == .seeOther && deleted.location == "/clients")
            #expect(MatrixViews.flash(deleted).hasPrefix("Client “Bakery Brothers” deleted"))
            #expect(try await app.send(.GET, "/api/v1/clients/\(clientID)", token: world.admin)["status"] as? String == "deleted")
            #expect(!(try await admin.get("/clients")).body.contains(#"id="client-\#(clientID)""#), "the list hides the deleted")
            #expect(try await admin.get("/clients?status=deleted").body.contains(#"id="client-\#(clientID)""#))
            let gone = try await admin.get(page)
            #expect(gone.status == .ok && gone.body.contains(#"<span class="status cancelled">Deleted</span>"#))
            for hidden in ["Save client", "Send invitation", "Resend invitation", page + "/delete"] {
                #expect(!gone.body.contains(hidden), "a deleted client's page offers \(hidden)")
            }
            let refused = try await admin.post(page, ["name": "Back again", "email": "orders@bakery.example"])
            #expect(refused.status == .conflict && refused.body.contains("A deleted client cannot be changed"))
            #expect(try await admin.get("/clients/\(UUID().uuidString.lowercased())").status == .notFound)
            #expect(try await admin.get("/clients/not-an-id").status == .notFound)
        }
    }

    @Test func newClientsAreInvitedAtOnceWhenAskedAndTheirOrdersListed() async throws {
        try await withTestApp { app in
            let world = try await CourierWorld.make(app)
            let admin = try await signedIn(app, world.org.adminEmail)
            let created = try await admin.post("/clients", ["name": "Corner Pharmacy", "email": "desk@pharmacy.example", "invite": "true"])
            #expect(created.status == .seeOther, "\(created.body)")
            #expect(MatrixViews.flash(created) == "Client “Corner Pharmacy” added; the invitation is on its way to desk@pharmacy.example.")
            let clientID = id(created)
            #expect(try await app.send(.GET, "/api/v1/clients/\(clientID)", token: world.admin)["status"] as? String == "invited")

            let (activeID, token) = try await world.activeClient("Flower Shop", email: "shop@flowers.example")
            let order = try await world.order(token)
            #expect(order.status == .created, "\(order.text)")
            let orderID = try #require(order["id"] as? String)
            let page = try await admin.get("/clients/\(activeID)")
            #expect(page.body.contains(#"<span class="status active">Active</span>"#))
            #expect(page.body.contains(#"href="/orders/\#(orderID)""#), "its recent orders link to each order")
            #expect(!page.body.contains("Send invitation") && !page.body.contains("Resend invitation"))
            #expect(!(try await admin.get("/clients/\(clientID)")).body.contains(#"href="/orders/\#(orderID)""#), "only its own orders")
        }
    }

    @Test func teamsAreCreatedGivenAgentsRenamedAndDeleted() async throws {
        try await withTestApp { app in
            let world = try await CourierWorld.make(app)
            let admin = try await signedIn(app, world.org.adminEmail)
            #expect(try await admin.get("/teams").body.contains("No teams yet."))

            let blank = try await admin.post("/teams", ["name": "  "])
            #expect(blank.status == .unprocessableEntity && blank.body.contains(#"id="new-name-error""#))
            let created = try await admin.post("/teams", ["name": "North"])
            #expect(created.status == .seeOther && MatrixViews.flash(created).hasPrefix("Team “North” created."))
            let teamID = id(created)
            let twin = try await admin.post("/teams", ["name": "north"])
            #expect(twin.status == .conflict && twin.body.contains(#"id="new-name-error""#))

            let page = "/teams/\(teamID)"
            let shown = try await admin.get(page)
            let agentBox = "member-\(world.agent.id)"
            #expect(shown.body.contains(#"name="\#(agentBox)" value="true">"#), "the agent's box, not ticked")
            #expect(!shown.body.contains("member-\(world.dispatcher.id)"), "only agents may be members")
            #expect(shown.body.contains("Rename team") && shown.body.contains("Save agents") && shown.body.contains(#"href="\#(page)/delete""#))

            let saved = try await admin.post(page + "/members", [agentBox: "true"])
            #expect(saved.status == .seeOther && MatrixViews.flash(saved) == "Agents of “North” saved: 1 agent.")
            #expect(try await admin.get(page).body.contains(#"name="\#(agentBox)" value="true" checked="">"#))
            #expect(try await admin.get("/teams").body.contains(">agent<"), "the list names its agents")
            let members = try await app.send(.GET, "/api/v1/teams/\(teamID)", token: world.admin)["member_ids"] as? [String]
            #expect(members == [world.agent.id])
            let notAnAgent = try await admin.post(page + "/members", ["member-\(world.dispatcher.id)": "true"])
            #expect(notAnAgent.status == .unprocessableEntity && notAnAgent.body.contains("must be an active agent"))
            let none = try await admin.post(page + "/members", [:])
            #expect(MatrixViews.flash(none) == "Agents of “North” saved: none.")
            #expect(try await app.send(.GET, "/api/v1/teams/\(teamID)", token: world.admin)["member_ids"] as? [String] == [])

            _ = try await admin.post("/teams", ["name": "South"])
            let clash = try await admin.post(page, ["name": "SOUTH"])
            #expect(clash.status == .conflict && clash.body.contains(#"id="f-name-error""#))
            #expect(clash.body.contains("<h1>North</h1>"), "the stored name, not the refused one")
            let renamed = try await admin.post(page, ["name": "North East"])
            #expect(MatrixViews.flash(renamed) == "Team renamed to “North East”.")

            let confirm = try await admin.get(page + "/delete")
            #expect(confirm.status == .ok && confirm.body.contains("Yes, delete the team"))
            let deleted = try await admin.post(page + "/delete", [:])
            #expect(deleted.status == .seeOther && deleted.location == "/teams" && MatrixViews.flash(deleted) == "Team “North East” deleted.")
            #expect(try await app.send(.GET, "/api/v1/teams/\(teamID)", token: world.admin).status == .notFound)
            #expect(try await admin.get(page).status == .notFound)
        }
    }

    @Test func aNewTaskOfACourierOrderCanGoToATeam() async throws {
        try await withTestApp { app in
            let world = try await CourierWorld.make(app)
            let north = try await team(world, "North")
            let customer = try await app.createCustomer(world.admin, ["name": "Tess Task"])["id"] as? String ?? ""
            let address = try await app.send(.POST, "/api/v1/customers/\(customer)/addresses", token: world.admin,
                                             json: ["label": "Home", "line1": "1 Task Road"])["id"] as? String ?? ""
            let orderID = try await app.placeOrder(world.admin, ["customer_id": customer, "amount": "10.00"])["id"] as? String ?? ""
            let admin = try await signedIn(app, world.org.adminEmail)
            #expect(try await admin.get("/orders/\(orderID)").body.contains(#"<option value="\#(north)">North</option>"#))
            let made = try await admin.post("/orders/\(orderID)/tasks", ["type": "delivery", "address_id": address, "team_id": north])
            #expect(made.status == .seeOther, "\(made.body)")
            let tasks = try await app.send(.GET, "/api/v1/tasks?order_id=\(orderID)", token: world.admin).data
            #expect(tasks.first?["team_id"] as? String == north)
            #expect(try await admin.get("/tasks").body.contains(">North<"), "the tasks list names the team")
        }
    }

    @Test func theCourierSettingOpensClientsAndTeams() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("plain", rootToken: try await app.rootToken())
            let admin = try await signedIn(app, org.adminEmail)
            let settings = try await admin.get("/settings")
            #expect(settings.body.contains(#"<input type="checkbox" id="f-courier" name="courier" value="true">"#), "shown, not ticked")
            #expect(!settings.body.contains(#"href="/clients""#))
            for path in ["/clients", "/clients/new", "/teams", "/teams/\(UUID().uuidString.lowercased())"] {
                #expect(try await admin.get(path).status == .notFound, "\(path) outside a courier")
            }
            #expect(try await admin.post("/teams", ["name": "North"]).status == .notFound)

            let form = ["name": "Org plain", "default_country": "US", "timezone": "UTC", "currency": "USD"]
            var courier = form
            courier["courier"] = "true"
            let saved = try await admin.post("/settings", courier)
            #expect(saved.status == .seeOther && MatrixViews.flash(saved) == "Settings saved.")
            let organization = try await app.send(.GET, "/api/v1/organizations/\(org.id)", token: org.adminToken)
            #expect((organization["settings"] as? [String: Any])?["courier"] as? Bool == true)
            let after = try await admin.get("/settings")
            #expect(after.body.contains(#"name="courier" value="true" checked="">"#))
            #expect(after.body.contains(#"<a href="/clients">Clients</a>"#) && after.body.contains(#"<a href="/teams">Teams</a>"#))
            #expect(try await admin.get("/clients").status == .ok)

            _ = try await admin.post("/settings", form)
            #expect(try await admin.get("/clients").status == .notFound, "an unticked box turns it off")
        }
    }

    @Test func dispatchersSeeClientsAndTeamsAndAgentsNothing() async throws {
        try await withTestApp { app in
            let world = try await CourierWorld.make(app)
            let clientID = try await world.createClient("Seen Client", email: "seen@client.example")
            let teamID = try await team(world, "Seen Team")
            let guest = try await app.createUser(in: world.org, role: "guest")

            let dispatcher = try await signedIn(app, world.dispatcher.email)
            let list = try await dispatcher.get("/clients")
            #expect(list.status == .ok && list.body.contains("Seen Client") && !list.body.contains(#"href="/clients/new""#))
            let client = try await dispatcher.get("/clients/\(clientID)")
            #expect(client.status == .ok && client.body.contains("seen@client.example"))
            for hidden in ["Save client", "Send invitation", "/clients/\(clientID)/delete"] {
                #expect(!client.body.contains(hidden), "a dispatcher is offered \(hidden)")
            }
            let team = try await dispatcher.get("/teams/\(teamID)")
            #expect(team.status == .ok && !team.body.contains("Rename team") && !team.body.contains("Save agents"))
            #expect(try await dispatcher.get("/clients/new").status == .forbidden)
            #expect(try await dispatcher.get("/clients/\(clientID)/delete").status == .forbidden)
            #expect(try await dispatcher.post("/clients", ["name": "No", "email": "no@client.example"]).status == .forbidden)
            #expect(try await dispatcher.post("/clients/\(clientID)/invite", [:]).status == .forbidden)
            #expect(try await dispatcher.post("/teams/\(teamID)/delete", [:]).status == .forbidden)

            for user in [world.agent.email, guest.email] {
                let browser = try await signedIn(app, user)
                let home = try await browser.get("/tasks")
                #expect(!home.body.contains(#"href="/clients""#) && !home.body.contains(#"href="/teams""#), "\(user) is shown the links")
                for path in ["/clients", "/clients/\(clientID)", "/teams", "/teams/\(teamID)"] {
                    let refused = try await browser.get(path)
                    #expect(refused.status == .forbidden && refused.body.contains("Not allowed"), "\(user) \(path)")
                }
                #expect(try await browser.post("/clients/\(clientID)/delete", [:]).status == .forbidden)
            }
            #expect(try await app.send(.GET, "/api/v1/clients/\(clientID)", token: world.admin)["status"] as? String == "pending")
        }
    }
}
