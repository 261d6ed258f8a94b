@testable import App
import Foundation
import Testing
import Vapor

/// Dashboard sign-in and sessions, through HTTP with cookies.
@Suite struct DashboardSignInTests {
    @Test func pagesRedirectToSignInUntilSignedIn() async throws {
        try await withTestApp { app in
            let browser = WebBrowser(app)
            let page = try await browser.get("/customers?q=ada")
            #expect(page.status == .seeOther)
            #expect(page.location?.hasPrefix("/sign-in?next=") == true)
            let form = try await browser.get("/sign-in")
            #expect(form.status == .ok)
            #expect(form.body.contains(#"<label for="f-email">Email"#))
        }
    }

    @Test func wrongPasswordSaysSoAndRightOneStartsAnHttpOnlySession() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let browser = WebBrowser(app)
            try await browser.get("/sign-in")
            let wrong = try await browser.post("/sign-in", ["email": org.adminEmail, "password": "not-the-password"])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.body.contains("The email or password is not correct"))
            #expect(browser.cookies[DashboardCookies.session] == nil)

            let right = try await browser.post("/sign-in", ["email": org.adminEmail, "password": testPassword])
            #expect(right.status == .seeOther)
            let cookie = try #require(right.setCookies.first { $0.hasPrefix(DashboardCookies.session + "=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(!cookie.contains("Secure"))
            let customers = try await browser.get("/customers")
            #expect(customers.status == .ok)
            #expect(customers.body.contains("<title>Customers · Clientele</title>"))

            try await browser.post("/sign-out", [:])
            #expect(try await browser.get("/customers").status == .seeOther)
        }
    }

    @Test func sessionCookieIsSecureBehindATrustedTLSProxy() async throws {
        try await withTestApp(adjust: { $0.trustForwardedFor = true }) { app in
            var headers = HTTPHeaders()
            headers.add(name: "X-Forwarded-Proto", value: "https")
            try await app.testing().test(.GET, "/sign-in", headers: headers) { response in
                let cookie = response.headers[.setCookie].first { $0.hasPrefix(DashboardCookies.signIn + "=") } ?? ""
                #expect(cookie.contains("Secure"))
            }
        }
    }

    @Test func signInIsThrottledLikeTheAPI() async throws {
        try await withTestApp(adjust: { $0.loginThrottle.perEmail = 2 }) { app in
            let browser = WebBrowser(app)
            try await browser.get("/sign-in")
            for _ in 0..<2 { try await browser.post("/sign-in", ["email": Root.email, "password": "wrong-password"]) }
            let refused = try await browser.post("/sign-in", ["email": Root.email, "password": Root.password])
            #expect(refused.status == .tooManyRequests)
            #expect(refused.body.contains("Too many failed sign-in attempts"))
        }
    }

    @Test func aDisabledUserLosesItsSession() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let dispatcher = try await app.createUser(in: org, role: "dispatcher")
            let browser = WebBrowser(app)
            try await browser.signIn(dispatcher.email, testPassword)
            #expect(try await browser.get("/customers").status == .ok)
            let disabled = try await app.send(.PATCH, "/api/v1/users/\(dispatcher.id)", token: org.adminToken, json: ["disabled": true])
            #expect(disabled.status == .ok)
            #expect(try await browser.get("/customers").status == .seeOther)
        }
    }

    @Test func aNewPasswordEndsTheUsersSessions() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let dispatcher = try await app.createUser(in: org, role: "dispatcher")
            let browser = WebBrowser(app)
            try await browser.signIn(dispatcher.email, testPassword)
            #expect(try await browser.get("/customers").status == .ok)
            let changed = try await app.send(.PATCH, "/api/v1/users/\(dispatcher.id)", token: org.adminToken,
                                             json: ["password": "another-password-2"])
            #expect(changed.status == .ok)
            #expect(try await browser.get("/customers").status == .seeOther)
        }
    }
}
