@testable import App
import Foundation
import Testing
import Vapor

/// Issue 22's dashboard pages through plain forms, as a script-less browser uses them: the new-customer form's address
/// and duplicate warning, merge with preview and undo, the GDPR buttons, the import page, the new-order form with an
/// inline new customer, the full delivery history and the weekly statistics.
@Suite struct DashboardCleanUpTests {
    private func signedIn(_ app: Application, _ slug: String = "acme") async throws -> (OrgFixture, WebBrowser) {
        let org = try await app.createOrganization(slug, rootToken: try await app.rootToken())
        let browser = WebBrowser(app)
        try await browser.signIn(org.adminEmail, testPassword)
        return (org, browser)
    }

    @Test func aNewCustomerIsCreatedWithItsAddressOrNotAtAll() async throws {
        try await withTestApp { app in
            let (org, browser) = try await signedIn(app)
            try await browser.get("/customers/new")
            // A street-less address: refused at its input, with the profile's problem beside it, and nothing stored.
            let refused = try await browser.post("/customers", ["name": "Nadia Home", "email": "not-an-email",
                                                                "address.city": "Milan", "address.country": "IT"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains(#"id="f-address-line1-error""#), "\(refused.body)")
            #expect(refused.body.contains(#"id="f-email-error""#))
            #expect(refused.body.contains(#"value="Milan""#), "the typed address is kept")
            #expect(try await app.allCustomers(org.adminToken).isEmpty)

            let created = try await browser.post("/customers", ["name": "Nadia Home", "address.label": "Home",
                                                                "address.line1": "Via Roma 1", "address.city": "Milan",
                                                                "address.postal_code": "20121", "address.country": "IT"])
            #expect(created.status == .seeOther, "\(created.body)")
            let id = try #require(created.location?.split(separator: "/").last.map(String.init))
            let addresses = try await app.send(.GET, "/api/v1/customers/\(id)/addresses", token: org.adminToken).data
            #expect(addresses.count == 1)
            #expect(addresses.first?["is_default"] as? Bool == true && addresses.first?["city"] as? String == "Milan")
            // The segment filter by city finds it: the address is the default one.
            let milan = try await app.send(.GET, "/api/v1/customers?city=milan", token: org.adminToken).data
            #expect(milan.map { $0["id"] as? String } == [id])
        }
    }

    @Test func theNewCustomerFormWarnsOfPossibleDuplicatesBeforeSaving() async throws {
        try await withTestApp { app in
            let (org, browser) = try await signedIn(app)
            let existing = try await app.createCustomer(org.adminToken, ["name": "José Álvarez", "email": "jose.alvarez@gmail.com"])
            let existingID = try #require(existing["id"] as? String)
            try await browser.get("/customers/new")
            let warned = try await browser.post("/customers", ["name": "Jose Alvarez", "email": "josealvarez+shop@gmail.com"])
            #expect(warned.status == .ok)
            #expect(warned.body.contains(#"id="duplicate-warning""#), "\(warned.body)")
            #expect(warned.body.contains("/customers/\(existingID)"), "offers to open the existing record")
            #expect(warned.body.contains(#"name="merge_into" value="\#(existingID)""#), "offers to merge")
            #expect(warned.body.contains(#"value="Jose Alvarez""#), "keeps what was typed")
            #expect(try await app.allCustomers(org.adminToken).count == 1, "nothing saved before the answer")

            let merged = try await browser.post("/customers", ["name": "Jose Alvarez", "email": "josealvarez+shop@gmail.com",
                                                               "merge_into": existingID])
            #expect(merged.status == .seeOther)
            #expect(merged.location?.hasPrefix("/merges/new?") == true && merged.location?.contains("keep=\(existingID)") == true,
                    "\(merged.location ?? "")")
            try await browser.get("/customers/new")
            let anyway = try await browser.post("/customers", ["name": "José Alvarez", "phone": "+1 202 555 0199",
                                                               "ignore_duplicates": "true"])
            #expect(anyway.status == .seeOther && anyway.location?.hasPrefix("/customers/") == true)
            #expect(try await app.allCustomers(org.adminToken).count == 3)

            // The customer page lists them as possible duplicates, with "merge into this record".
            let page = try await browser.get("/customers/\(existingID)")
            #expect(page.body.contains("Possible duplicates"))
            #expect(page.body.contains("Merge into this record"))
            let pairs = try await browser.get("/duplicates")
            #expect(pairs.status == .ok && pairs.body.contains("Jose Alvarez") && pairs.body.contains("Merge…"))
        }
    }

    @Test func mergeWithPreviewThenUndoFromTheDashboard() async throws {
        try await withTestApp { app in
            let (org, browser) = try await signedIn(app)
            let kept = try #require(try await app.createCustomer(org.adminToken, ["name": "Maria Rossi", "email": "maria@example.com"])["id"] as? String)
            let other = try #require(try await app.createCustomer(org.adminToken, ["name": "Maria Rosi", "phone": "+39 02 1234 5678"])["id"] as? String)
            _ = try await app.placeOrder(org.adminToken, ["customer_id": other, "amount": "30.00"])
            let form = try await browser.get("/merges/new?keep=\(kept)&other=\(other)")
            #expect(form.status == .ok && form.body.contains("Which value to keep"))
            // The phone is empty on the kept record: the other's value is chosen by default.
            #expect(form.body.contains(#"name="fields.phone" id="m-other-phone" value="\#(other)" checked"#), "\(form.body)")

            let preview = try await browser.post("/merges", ["into": kept, "from": other, "fields.name": other,
                                                             "fields.phone": other, "action": "preview"])
            #expect(preview.status == .ok)
            #expect(preview.body.contains("nothing has changed yet"))
            #expect(preview.body.contains("Maria Rosi") && preview.body.contains("+39"))
            #expect(try await app.send(.GET, "/api/v1/customers/\(other)", token: org.adminToken).status == .ok, "a preview changes nothing")

            let merged = try await browser.post("/merges", ["into": kept, "from": other, "fields.name": other,
                                                            "fields.phone": other, "action": "merge"])
            #expect(merged.status == .seeOther && merged.location == "/customers/\(kept)")
            #expect(MatrixViews.flash(merged).contains("merged into “Maria Rosi”"), "\(MatrixViews.flash(merged))")
            #expect(try await app.send(.GET, "/api/v1/customers/\(other)", token: org.adminToken).status == .notFound)
            let after = try await app.customer(org.adminToken, kept)
            #expect(after["name"] as? String == "Maria Rosi" && after["total_orders"] as? Int == 1)

            let keptPage = try await browser.get("/customers/\(kept)")
            #expect(keptPage.body.contains(#"id="merges-title""#) && keptPage.body.contains(">Undo</button>"))
            let list = try await browser.get("/merges")
            let mergeID = try #require(list.body.range(of: #"action="/merges/"#).map { range in
                String(list.body[range.upperBound...].prefix(36))
            })
            let undone = try await browser.post("/merges/\(mergeID)/undo", ["return_to": "/merges"])
            #expect(undone.status == .seeOther && MatrixViews.flash(undone).hasPrefix("Merge undone"), "\(MatrixViews.flash(undone))")
            #expect(try await app.customer(org.adminToken, other)["total_orders"] as? Int == 1)
            #expect(try await app.customer(org.adminToken, kept)["name"] as? String == "Maria Rossi")
            // Undone once: a second undo is refused with the reason.
            let again = try await browser.post("/merges/\(mergeID)/undo", ["return_to": "/merges"])
            #expect(MatrixViews.flash(again).hasPrefix("Not undone"))
        }
    }

    @Test func dataExportAndErasureWithTheNameTypedOut() async throws {
        try await withTestApp { app in
            let (org, browser) = try await signedIn(app)
            let id = try #require(try await app.createCustomer(org.adminToken, ["name": "Erin Erase", "email": "erin@example.com"])["id"] as? String)
            let page = try await browser.get("/customers/\(id)")
            #expect(page.body.contains("/customers/\(id)/data-export") && page.body.contains("/customers/\(id)/erase"))
            let export = try await browser.get("/customers/\(id)/data-export")
            #expect(export.status == .ok && export.body.contains("erin@example.com"))
            #expect(export.headers.first(name: .contentDisposition)?.contains("attachment") == true)

            try await browser.get("/customers/\(id)/erase")
            let wrong = try await browser.post("/customers/\(id)/erase", ["reason": "", "confirm": "Erin"])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.contains(#"id="f-reason-error""#) && wrong.body.contains(#"id="f-confirm-error""#))
            #expect(try await app.send(.GET, "/api/v1/customers/\(id)", token: org.adminToken).status == .ok)
            let erased = try await browser.post("/customers/\(id)/erase", ["reason": "asked by phone", "confirm": "erin erase"])
            #expect(erased.status == .seeOther && erased.location == "/customers")
            #expect(try await app.send(.GET, "/api/v1/customers/\(id)", token: org.adminToken).status == .notFound)

            // A dispatcher downloads but does not erase.
            let dispatcher = try await app.createUser(in: org, role: "dispatcher", name: "dora")
            let other = try #require(try await app.createCustomer(org.adminToken, ["name": "Kept Karl"])["id"] as? String)
            let dispatching = WebBrowser(app)
            try await dispatching.signIn(dispatcher.email, testPassword)
            let seen = try await dispatching.get("/customers/\(other)")
            #expect(seen.body.contains("/data-export") && !seen.body.contains("/customers/\(other)/erase"))
            #expect(try await dispatching.get("/customers/\(other)/erase").status == .forbidden)
        }
    }

    @Test func importThroughThePageCheckFirstThenWatchItFinish() async throws {
        try await withTestApp { app in
            let (org, browser) = try await signedIn(app)
            try await browser.get("/imports")
            let csv = try OtherSystemImportTests.fixture("shopify_customers_export.csv")
            let bad = csv + "Bad,Row,not-an-email,,,,,,,,,,,,,,,,,,\n"
            let report = try await browser.upload("/imports", csv: bad, fields: ["dry_run": "true", "on_match": "fill"])
            #expect(report.status == .ok, "\(report.body.prefix(400))")
            #expect(report.body.contains("nothing written yet") && report.body.contains("Rejected rows"), "\(report.body)")
            #expect(try await app.allCustomers(org.adminToken).isEmpty, "a check writes nothing")

            try await browser.get("/imports")
            let started = try await browser.upload("/imports", csv: csv, fields: ["dry_run": "false"])
            #expect(started.status == .seeOther && started.location?.hasPrefix("/imports/") == true, "\(started.body.prefix(300))")
            await app.importJobs.waitUntilIdle()
            let done = try await browser.get(started.location ?? "")
            #expect(done.body.contains("Import finished"), "\(done.body)")
            #expect(!done.body.contains(#"http-equiv="refresh""#), "a finished import stops reloading")
            let imported = try await app.allCustomers(org.adminToken)
            #expect(!imported.isEmpty)
            #expect((try await browser.get("/imports")).body.contains("Recent imports"))

            // Without the form's token in the action, the upload is refused.
            let forged = try await browser.upload("/imports", csv: csv, fields: ["dry_run": "true"], withCSRF: false)
            #expect(forged.status == .forbidden)
        }
    }

    @Test func anOrderForANewCustomerTypedInline() async throws {
        try await withTestApp { app in
            let (org, browser) = try await signedIn(app)
            let existing = try #require(try await app.createCustomer(org.adminToken, ["name": "Olga Order", "phone": "+12025550140"])["id"] as? String)
            let found = try await browser.get("/orders/new?customer_q=Olga")
            #expect(found.body.contains(#"value="\#(existing)" checked"#), "\(found.body)")
            let none = try await browser.post("/orders", ["customer_mode": "existing", "amount": "10.00"])
            #expect(none.status == .unprocessableEntity && none.body.contains(#"id="customer-id-error""#)
                    && none.body.contains("choose a customer"), "\(none.body)")
            let inline = try await browser.post("/orders", ["customer_mode": "new", "customer.name": "Nina New",
                                                            "customer.phone": "+1 202 555 0177", "amount": "24.50",
                                                            "payment_status": "paid", "status": "placed"])
            #expect(inline.status == .seeOther && inline.location?.hasPrefix("/orders/") == true, "\(inline.body)")
            let nina = try await app.send(.GET, "/api/v1/customers?q=Nina", token: org.adminToken).data
            #expect(nina.count == 1 && nina.first?["total_orders"] as? Int == 1)
            let forExisting = try await browser.post("/orders", ["customer_mode": "existing", "customer_id": existing, "amount": "5.00"])
            #expect(forExisting.status == .seeOther)
            #expect(try await app.customer(org.adminToken, existing)["total_orders"] as? Int == 1)
            let badAmount = try await browser.post("/orders", ["customer_mode": "existing", "customer_id": existing, "amount": "lots"])
            #expect(badAmount.status == .unprocessableEntity && badAmount.body.contains(#"id="f-amount-error""#))
        }
    }

    @Test func deliveryHistoryColumnsAndWeeklyStatistics() async throws {
        try await withTestApp { app in
            let (org, browser) = try await signedIn(app)
            let id = try #require(try await app.createCustomer(org.adminToken, ["name": "Hana History"])["id"] as? String)
            _ = try await app.placeOrder(org.adminToken, ["customer_id": id, "amount": "12.00", "status": "completed", "payment_status": "paid"])
            _ = try await app.placeOrder(org.adminToken, ["customer_id": id, "amount": "8.00", "payment_status": "paid"])
            let task = try await app.send(.POST, "/api/v1/tasks", token: org.adminToken, json: [
                "type": "delivery", "customer_id": id, "dropoff": ["line1": "5 Drop Street"], "pickup": ["line1": "1 Kitchen Road"],
                "amount": "12.00", "payment_method": "cash",
            ])
            #expect(task.status == .created, "\(task.text)")
            let page = try await browser.get("/customers/\(id)")
            for header in ["Pickup", "Drop-off", "Agent", "Payment", "Amount", "Created", "Completed"] {
                #expect(page.body.contains("<th scope=\"col\">\(header)</th>") || page.body.contains(">\(header)</th>"), "\(header)")
            }
            #expect(page.body.contains("1 Kitchen Road") && page.body.contains("5 Drop Street") && page.body.contains("Cash"))

            let stats = try await browser.get("/stats")
            #expect(stats.status == .ok)
            for title in ["New customers per week", "Orders per week", "Repeat rate per week"] { #expect(stats.body.contains(title)) }
            // This week's row: one new customer, two orders, one of them a repeat.
            let weekly = try await WeeklyStats.compute(for: try #require(try await Organization.find(UUID(uuidString: org.id), on: app.db)),
                                                 on: app.db)
            let thisWeek = try #require(weekly.weeks.last)
            #expect(thisWeek.newCustomers == 1 && thisWeek.orders == 2 && thisWeek.repeatRate == 0.5)
            #expect(stats.body.contains("<td class=\"num\">50 %</td>"), "the table gives the numbers the chart draws")
        }
    }
}
