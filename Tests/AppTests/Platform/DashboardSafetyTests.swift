@testable import App
import Foundation
import Testing
import Vapor

/// CSRF, escaping, tenancy and roles on the dashboard.
@Suite struct DashboardSafetyTests {
    @Test func aFormWithoutItsCSRFTokenIsRefusedAndChangesNothing() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let browser = WebBrowser(app)
            try await browser.signIn(org.adminEmail, testPassword)
            let refused = try await browser.post("/customers", ["name": "Forged"], withCSRF: false)
            #expect(refused.status == .forbidden)
            #expect(refused.body.contains("did not come from the dashboard"))
            let wrong = try await browser.post("/customers", ["name": "Forged", "_csrf": "guessed"])
            #expect(wrong.status == .forbidden)
            let list = try await app.send(.GET, "/api/v1/customers", token: org.adminToken)
            #expect(list.data.isEmpty)

            let signIn = WebBrowser(app)
            let noToken = try await signIn.post("/sign-in", ["email": org.adminEmail, "password": testPassword], withCSRF: false)
            #expect(noToken.status == .forbidden)
        }
    }

    @Test func everyValueIsEscaped() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let created = try await app.createCustomer(org.adminToken, ["name": "<script>alert(1)</script>", "notes": "\"><b>x</b>"])
            let browser = WebBrowser(app)
            try await browser.signIn(org.adminEmail, testPassword)
            let list = try await browser.get("/customers")
            #expect(list.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!list.body.contains("<script>alert(1)"))
            let page = try await browser.get("/customers/\(created["id"] as? String ?? "")")
            #expect(page.status == .ok)
            #expect(page.body.contains("&quot;&gt;&lt;b&gt;x&lt;/b&gt;"))
            #expect(!page.body.contains("<b>x</b>"))
        }
    }

    @Test func anotherOrganizationsCustomerIsANotFoundPage() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            let a = try await app.createOrganization("org-a", rootToken: root)
            let b = try await app.createOrganization("org-b", rootToken: root)
            let theirs = try await app.createCustomer(b.adminToken, ["name": "Bea Other"])
            let id = theirs["id"] as? String ?? ""
            let browser = WebBrowser(app)
            try await browser.signIn(a.adminEmail, testPassword)
            let page = try await browser.get("/customers/\(id)")
            #expect(page.status == .notFound)
            #expect(page.body.contains("Not found"))
            #expect(!page.body.contains("Bea Other"))
            let missing = try await browser.get("/customers/\(UUID().uuidString)")
            #expect(missing.status == .notFound)
            let edit = try await browser.post("/customers/\(id)", ["name": "Taken over"])
            #expect(edit.status == .notFound)
            let delete = try await browser.post("/customers/\(id)/delete", [:])
            #expect(delete.status == .notFound)
            let still = try await app.send(.GET, "/api/v1/customers/\(id)", token: b.adminToken)
            #expect(still["name"] as? String == "Bea Other")
        }
    }

    @Test func anUnknownAddressIsANotFoundPageForABrowserAndAProblemForTheAPI() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let browser = WebBrowser(app)
            try await browser.signIn(org.adminEmail, testPassword)
            let page = try await browser.get("/no-such-page")
            #expect(page.status == .notFound)
            #expect(page.headers.contentType == .html)
            #expect(page.body.contains("This page does not exist"))

            let api = try await browser.get("/api/v1/no-such-thing")
            #expect(api.status == .notFound)
            #expect(api.headers.first(name: .contentType)?.hasPrefix("application/problem+json") == true)
        }
    }

    @Test func guestsAndAgentsSeeOnlyWhatTheAPIShowsThem() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let guest = try await app.createUser(in: org, role: "guest", name: "gail")
            let agent = try await app.createUser(in: org, role: "agent", name: "andy")
            _ = try await app.createCustomer(org.adminToken, ["name": "Managed Mary", "managed_by": guest.id])
            let other = try await app.createCustomer(org.adminToken, ["name": "Unmanaged Uma", "notes": "secret note"])

            let guestBrowser = WebBrowser(app)
            try await guestBrowser.signIn(guest.email, testPassword)
            let guestList = try await guestBrowser.get("/customers")
            #expect(guestList.body.contains("Managed Mary"))
            #expect(!guestList.body.contains("Unmanaged Uma"))
            #expect(try await guestBrowser.get("/customers/\(other["id"] as? String ?? "")").status == .notFound)
            #expect(try await guestBrowser.get("/users").status == .forbidden)

            let agentBrowser = WebBrowser(app)
            try await agentBrowser.signIn(agent.email, testPassword)
            let agentList = try await agentBrowser.get("/customers")
            #expect(!agentList.body.contains("Unmanaged Uma"))
            #expect(!agentList.body.contains("New customer"))
            let refused = try await agentBrowser.post("/customers", ["name": "Agent Made"])
            #expect(refused.status == .forbidden)
            #expect(try await agentBrowser.get("/orders").status == .forbidden)
            #expect(try await agentBrowser.get("/settings").status == .forbidden)
        }
    }

    @Test func aSuperAdminSwitchingIntoAnOrganizationSeesABannerAndIsAudited() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            let org = try await app.createOrganization("acme", rootToken: root)
            let browser = WebBrowser(app)
            try await browser.signIn(Root.email, Root.password)
            let outside = try await browser.get("/customers")
            #expect(outside.location == "/organizations")
            let switched = try await browser.post("/organizations/\(org.id)/switch", [:])
            #expect(switched.status == .seeOther)
            let inside = try await browser.get("/customers")
            #expect(inside.status == .ok)
            #expect(inside.body.contains("Super admin support access"))
            let audit = try await app.send(.GET, "/api/v1/audit-log", token: root)
            #expect(audit.text.contains("support_switch"), "\(audit.text)")
        }
    }
}
