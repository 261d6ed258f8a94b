@testable import App
import Foundation
import Testing
import Vapor

/// The customer pages and task moves through plain forms (no script), as a keyboard or script-less browser uses them.
@Suite struct DashboardCustomerTests {
    @Test func aRefusedFormShowsTheServersMessageNextToTheFieldAndKeepsTheTypedValues() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            _ = try await app.createCustomer(org.adminToken, ["name": "First", "phone": "+12025550101"])
            let browser = WebBrowser(app)
            try await browser.signIn(org.adminEmail, testPassword)
            try await browser.get("/customers/new")
            let invalid = try await browser.post("/customers", ["name": "Ada Lovelace", "email": "not-an-email", "company": "Engines"])
            #expect(invalid.status == .unprocessableEntity)
            #expect(invalid.body.contains(#"id="f-email-error""#))
            #expect(invalid.body.contains(#"value="Ada Lovelace""#))
            #expect(invalid.body.contains(#"value="Engines""#))

            let duplicate = try await browser.post("/customers", ["name": "Ada Lovelace", "phone": "+1 202 555 0101"])
            #expect(duplicate.status == .conflict)
            #expect(duplicate.body.contains(#"id="f-phone-error""#))

            let created = try await browser.post("/customers", ["name": "Ada Lovelace", "email": "ada@example.com"])
            #expect(created.status == .seeOther)
            let page = try await browser.get(created.location ?? "")
            #expect(page.body.contains("Customer “Ada Lovelace” created."))
            #expect(page.body.contains(#"value="ada@example.com""#))
        }
    }

    @Test func editAddressesManagerAndDelete() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let guest = try await app.createUser(in: org, role: "guest", name: "gail")
            let customer = try await app.createCustomer(org.adminToken, ["name": "Grace Hopper", "tags": ["vip"]])
            let id = customer["id"] as? String ?? ""
            let path = "/customers/\(id)"
            let browser = WebBrowser(app)
            try await browser.signIn(org.adminEmail, testPassword)
            try await browser.get(path)
            let saved = try await browser.post(path, ["name": "Grace B. Hopper", "tags": "vip, navy", "managed_by": guest.id,
                                                      "status": "active", "email_opt_in": "true"])
            #expect(saved.status == .seeOther, "\(saved.body)")
            #expect(saved.location == "/customers" && MatrixViews.flash(saved) == "Customer “Grace B. Hopper” updated.",
                    "seed 004: Update customer returns to the list with a notice")
            var api = try await app.customer(org.adminToken, id)
            #expect(api["name"] as? String == "Grace B. Hopper")
            #expect(api["managed_by"] as? String == guest.id)
            #expect((api["tags"] as? [String])?.sorted() == ["navy", "vip"])

            try await browser.get(path)
            #expect(try await browser.post(path, ["name": "Grace B. Hopper", "managed_by": ""]).status == .seeOther)
            api = try await app.customer(org.adminToken, id)
            #expect(api["managed_by"] is NSNull)

            try await browser.get(path)
            let missingStreet = try await browser.post(path + "/addresses", ["label": "Home", "line1": ""])
            #expect(missingStreet.status == .unprocessableEntity)
            #expect(missingStreet.body.contains(#"id="a-new-line1-error""#))
            #expect(try await browser.post(path + "/addresses", ["label": "Home", "line1": "1 Main St", "city": "Springfield"]).status == .seeOther)
            #expect(try await browser.post(path + "/addresses", ["label": "Office", "line1": "9 Work Rd", "city": "Springfield"]).status == .seeOther)
            let addresses = try await app.send(.GET, "/api/v1/customers/\(id)/addresses", token: org.adminToken).data
            let office = try #require(addresses.first { $0["label"] as? String == "Office" })
            let officeID = office["id"] as? String ?? ""
            try await browser.get(path)
            #expect(try await browser.post(path + "/addresses/\(officeID)/default", [:]).status == .seeOther)
            let after = try await app.send(.GET, "/api/v1/customers/\(id)/addresses", token: org.adminToken).data
            #expect(after.first { $0["id"] as? String == officeID }?["is_default"] as? Bool == true)
            #expect(try await browser.post(path + "/addresses/\(officeID)/delete", [:]).status == .seeOther)
            #expect(try await app.send(.GET, "/api/v1/customers/\(id)/addresses", token: org.adminToken).data.count == 1)

            try await browser.get(path)
            let deleted = try await browser.post(path + "/delete", [:])
            #expect(deleted.location == "/customers")
            #expect(try await app.send(.GET, "/api/v1/customers/\(id)", token: org.adminToken).status == .notFound)
        }
    }

    @Test func customFieldsAreEditedAsLinesAndABadLineIsShownNextToThem() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let customer = try await app.createCustomer(org.adminToken, ["name": "Ada", "custom_fields": ["floor": 3, "gate": "B", "zip": "007"]])
            let id = customer["id"] as? String ?? ""
            let path = "/customers/\(id)"
            let browser = WebBrowser(app)
            try await browser.signIn(org.adminEmail, testPassword)
            let page = try await browser.get(path)
            #expect(page.body.contains("floor: 3\ngate: B\nzip: &quot;007&quot;") || page.body.contains("floor: 3\ngate: B\nzip: \"007\""),
                    "the text area lists the fields sorted, quoting text that reads as a number")

            let bad = try await browser.post(path, ["name": "Ada", "custom_fields": "floor: 3\nno separator here"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains(#"id="f-custom_fields-error""#) || bad.body.contains(#"id="f-custom-fields-error""#))
            #expect(bad.body.contains("line 2"))
            #expect(bad.body.contains("no separator here"), "the typed text is kept")

            let badKey = try await browser.post(path, ["name": "Ada", "custom_fields": "Floor Number: 3"])
            #expect(badKey.status == .unprocessableEntity)
            #expect(badKey.body.contains("keys must be 1 to 64 lower-case letters"))

            let saved = try await browser.post(path, ["name": "Ada", "custom_fields": "floor: 4\nvip: true\nzip: \"007\"\nnote: ring twice"])
            #expect(saved.status == .seeOther, "\(saved.body)")
            let api = try await app.customer(org.adminToken, id)
            let fields = try #require(api["custom_fields"] as? [String: Any])
            #expect(fields["floor"] as? Int == 4)
            #expect(fields["vip"] as? Bool == true)
            #expect(fields["zip"] as? String == "007")
            #expect(fields["note"] as? String == "ring twice")
            #expect(fields["gate"] == nil, "a line removed from the text area removes the field")
        }
    }

    @Test func savingAFormOpenedBeforeSomeoneElsesSaveIsRefusedAndKeepsTheTypedValues() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let customer = try await app.createCustomer(org.adminToken, ["name": "Ada", "company": "Engines"])
            let id = customer["id"] as? String ?? ""
            let path = "/customers/\(id)"
            let browser = WebBrowser(app)
            try await browser.signIn(org.adminEmail, testPassword)
            let opened = try await browser.get(path)
            #expect(opened.body.contains(#"name="version" value="1""#))

            let elsewhere = try await app.send(.PATCH, "/api/v1/customers/\(id)", token: org.adminToken, json: ["company": "Analytical"])
            #expect(elsewhere.status == .ok)

            let stale = try await browser.post(path, ["name": "Ada", "company": "Babbage & Co", "version": "1"])
            #expect(stale.status == .preconditionFailed)
            #expect(stale.body.contains("Someone else saved this customer after you opened it"))
            #expect(stale.body.contains(#"value="Babbage &amp; Co""#), "the typed value is kept")
            #expect(stale.body.contains(#"name="version" value="2""#), "saving again is a knowing overwrite")
            #expect(try await app.customer(org.adminToken, id)["company"] as? String == "Analytical", "nothing was changed")

            let again = try await browser.post(path, ["name": "Ada", "company": "Babbage & Co", "version": "2"])
            #expect(again.status == .seeOther)
            #expect(try await app.customer(org.adminToken, id)["company"] as? String == "Babbage & Co")
        }
    }

    @Test func searchPagesAndKeepsTheSearchInTheLinks() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            for index in 1...23 { _ = try await app.createCustomer(org.adminToken, ["name": "Smith \(index)"]) }
            _ = try await app.createCustomer(org.adminToken, ["name": "Jones", "email": "jones@example.com"])
            let browser = WebBrowser(app)
            try await browser.signIn(org.adminEmail, testPassword)
            let first = try await browser.get("/customers?q=smith&status=")
            #expect(first.body.components(separatedBy: "<tr data-href").count - 1 == 20)
            #expect(first.body.contains("Showing 1–20 of 23"))
            let next = try #require(first.body.range(of: #"href="(/customers\?[^"]*page=2[^"]*)""#, options: .regularExpression))
            let link = String(first.body[next]).dropFirst(6).dropLast().replacingOccurrences(of: "&amp;", with: "&")
            #expect(link.contains("q=smith"))
            let second = try await browser.get(String(link))
            #expect(second.body.components(separatedBy: "<tr data-href").count - 1 == 3)
            let none = try await browser.get("/customers?q=nobody-here")
            #expect(none.body.contains("No customers match “nobody-here”."))
            let byEmail = try await browser.get("/customers?q=jones%40example")
            #expect(byEmail.body.contains("Jones") && !byEmail.body.contains("Smith 1"))
        }
    }

    @Test func taskStatusButtonsOfferOnlyTheAllowedMoves() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let agent = try await app.createUser(in: org, role: "agent", name: "andy")
            let customer = try await app.createCustomer(org.adminToken, ["name": "Ada"])
            let id = customer["id"] as? String ?? ""
            _ = try await app.send(.POST, "/api/v1/customers/\(id)/addresses", token: org.adminToken, json: ["line1": "1 Main St"])
            let order = try await app.placeOrder(org.adminToken, ["customer_id": id, "amount": "10.00"])
            let orderID = order["id"] as? String ?? ""
            let addresses = try await app.send(.GET, "/api/v1/customers/\(id)/addresses", token: org.adminToken).data
            let browser = WebBrowser(app)
            try await browser.signIn(org.adminEmail, testPassword)
            try await browser.get("/orders/\(orderID)")
            let created = try await browser.post("/orders/\(orderID)/tasks",
                                                 ["type": "delivery", "address_id": addresses.first?["id"] as? String ?? ""])
            #expect(created.status == .seeOther)
            let page = try await browser.get("/orders/\(orderID)")
            #expect(page.body.contains(#"name="to" value="awaiting_assignment""#))
            #expect(page.body.contains(#"name="to" value="cancelled""#))
            #expect(!page.body.contains(#"name="to" value="completed""#))
            let tasks = try await app.send(.GET, "/api/v1/tasks?order_id=\(orderID)", token: org.adminToken).data
            let taskID = tasks.first?["id"] as? String ?? ""
            #expect(try await browser.post("/tasks/\(taskID)/transitions", ["to": "awaiting_assignment"]).status == .seeOther)
            try await browser.get("/tasks")
            #expect(try await browser.post("/tasks/\(taskID)/transitions", ["to": "assigned", "agent_id": agent.id]).status == .seeOther)
            let refused = try await browser.post("/tasks/\(taskID)/transitions", ["to": "completed", "return_to": "/tasks"])
            #expect(refused.status == .seeOther)
            let shown = try await browser.get("/tasks")
            #expect(shown.body.contains("The task was not moved"))
            let task = try await app.send(.GET, "/api/v1/tasks/\(taskID)", token: org.adminToken)
            #expect(task["status"] as? String == "assigned")
        }
    }
}
