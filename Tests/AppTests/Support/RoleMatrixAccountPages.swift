@testable import App
import Foundation
import Testing
import Vapor

/// The customer account portal's pages (`/account`) in the dashboard half of the matrix. Columns as in `WebMatrix`:
/// admin, dispatcher, agent with task, agent without, guest managing C1, guest managing none, org B admin, super admin.
/// Every column is a staff session, which is not an account's session: the signed-in pages send it to the portal's
/// sign-in, the sign-in refuses staff credentials (401, as a wrong password), and the sign-up and the pages of an
/// account's emailed links answer whoever comes, as they do anyone.
extension WebMatrix {
    static func accountPageRows() -> [WebMatrixRow] {
        let count = MatrixRole.allCases.count
        let redirected: [WebExpect] = Array(repeating: 303, count: count)
        let everyone: [WebExpect] = Array(repeating: 200, count: count)
        let sentToSignIn: WebMatrixRow.Check = { _, _, r in
            r.location?.hasPrefix("/account/sign-in") == true ? [] : ["goes to \(r.location ?? "nowhere"), not the portal's sign-in"]
        }
        func shows(_ text: String) -> WebMatrixRow.Check {
            { _, _, r in r.body.contains(text) ? [] : ["does not show “\(text)”"] }
        }
        /// A signed-in page, asked with the role's staff session.
        func signedIn(_ method: HTTPMethod, _ route: String, _ path: @escaping (MatrixWorld) -> String,
                      form: [String: String] = [:]) -> WebMatrixRow {
            row(method, route, redirected, { w, _ in WebRequest(path: path(w), form: form) }, check: sentToSignIn)
        }
        let organization = { (w: MatrixWorld) in "/account/organizations/\(w.orgA.id)" }
        return [
            row(.GET, "account/sign-in", everyone, page { _ in "/account/sign-in" }, check: shows("Sign in to your account")),
            row(.POST, "account/sign-in", Array(repeating: 401, count: count)) { w, role in
                let browser = WebBrowser(w.app)
                try await browser.get("/account/sign-in")
                let (email, password) = w.credentials(role)
                return WebRequest(path: "/account/sign-in", form: ["email": email, "password": password], browser: browser)
            },
            row(.GET, "account/sign-up", everyone, page { _ in "/account/sign-up" }, check: shows("Create your account")),
            row(.POST, "account/sign-up", everyone) { w, _ in
                let browser = WebBrowser(w.app)
                try await browser.get("/account/sign-up")
                return WebRequest(path: "/account/sign-up", form: ["email": "matrix.signup\(w.next())@example.com", "password": testPassword,
                                                                   "password_again": testPassword], browser: browser)
            } check: { w, role, r in try await shows("Check your email")(w, role, r) },
            row(.GET, "account/verify", everyone) { w, _ in
                WebRequest(path: "/account/verify?token=\(try await w.accountLink(.verifyEmail))", browser: WebBrowser(w.app))
            } check: { w, role, r in try await shows("Confirm my address")(w, role, r) },
            row(.POST, "account/verify", everyone) { w, _ in
                try await w.linkForm("verify", try await w.accountLink(.verifyEmail), [:])
            } check: { w, role, r in try await shows("Address confirmed")(w, role, r) },
            row(.GET, "account/forgot-password", everyone, page { _ in "/account/forgot-password" }, check: shows("Forgot your password?")),
            row(.POST, "account/forgot-password", everyone) { w, _ in
                let browser = WebBrowser(w.app)
                try await browser.get("/account/forgot-password")
                return WebRequest(path: "/account/forgot-password", form: ["email": "matrix.forgot\(w.next())@example.com"], browser: browser)
            } check: { w, role, r in try await shows("Check your email")(w, role, r) },
            row(.GET, "account/reset-password", everyone) { w, _ in
                WebRequest(path: "/account/reset-password?token=\(try await w.accountLink(.passwordReset))", browser: WebBrowser(w.app))
            } check: { w, role, r in try await shows("Choose a new password")(w, role, r) },
            row(.POST, "account/reset-password", redirected) { w, _ in
                try await w.linkForm("reset-password", try await w.accountLink(.passwordReset),
                                     ["password": "matrix-password-9", "password_again": "matrix-password-9"])
            } check: { _, _, r in r.location == "/account/sign-in" ? [] : ["goes to \(r.location ?? "nowhere"), not the portal's sign-in"] },
            row(.GET, "account/confirm-email", everyone) { w, _ in
                WebRequest(path: "/account/confirm-email?token=\(try await w.accountLink(.emailChange))", browser: WebBrowser(w.app))
            } check: { w, role, r in try await shows("Confirm this address")(w, role, r) },
            row(.POST, "account/confirm-email", everyone) { w, _ in
                try await w.linkForm("confirm-email", try await w.accountLink(.emailChange), [:])
            } check: { w, role, r in try await shows("Address confirmed")(w, role, r) },

            signedIn(.POST, "account/sign-out", { _ in "/account/sign-out" }),
            signedIn(.GET, "account", { _ in "/account" }),
            signedIn(.POST, "account/orders/:id/reorder", { "/account/orders/\($0.c1Order)/reorder" }),
            signedIn(.GET, "account/messages", { _ in "/account/messages" }),
            signedIn(.GET, "account/profile", { _ in "/account/profile" }),
            signedIn(.POST, "account/profile", { _ in "/account/profile" }, form: ["phone": "+12025550123"]),
            signedIn(.POST, "account/verification", { _ in "/account/verification" }),
            signedIn(.GET, "account/organizations", { _ in "/account/organizations" }),
            signedIn(.POST, "account/organizations", { _ in "/account/organizations" }, form: ["organization": "alpha"]),
            signedIn(.GET, "account/organizations/:organization_id", organization),
            signedIn(.POST, "account/organizations/:organization_id/consent", { organization($0) + "/consent" }, form: ["email_opt_in": "true"]),
            signedIn(.GET, "account/organizations/:organization_id/leave", { organization($0) + "/leave" }),
            signedIn(.POST, "account/organizations/:organization_id/leave", { organization($0) + "/leave" }),
            signedIn(.POST, "account/organizations/:organization_id/addresses", { organization($0) + "/addresses" },
                     form: ["line1": "1 Matrix Road"]),
            signedIn(.POST, "account/organizations/:organization_id/addresses/:address_id",
                     { organization($0) + "/addresses/\($0.c1Address)" }, form: ["line1": "2 Matrix Road"]),
            signedIn(.POST, "account/organizations/:organization_id/addresses/:address_id/delete",
                     { organization($0) + "/addresses/\($0.c1Address)/delete" }),
            signedIn(.POST, "account/organizations/:organization_id/rewards/:reward_id/redeem",
                     { organization($0) + "/rewards/\(UUID().uuidString.lowercased())/redeem" }),
            signedIn(.GET, "account/privacy", { _ in "/account/privacy" }),
            signedIn(.POST, "account/privacy/export", { _ in "/account/privacy/export" }),
            signedIn(.POST, "account/privacy/erase", { _ in "/account/privacy/erase" }, form: ["confirm_email": MatrixWorld.c1Email]),
        ]
    }
}

extension MatrixWorld {
    /// A new account with a live link of `purpose` (an email change's goes to a new address), made in the database: the
    /// matrix's many cells would use up the sign-up throttle of the one test client address.
    func accountLink(_ purpose: AccountLinkToken.Purpose) async throws -> String {
        let n = next()
        let account = Account()
        account.id = UUID.timeOrdered()
        account.email = "matrix.account\(n)@example.com"
        account.passwordHash = try await app.passwordHasher.hash(testPassword)
        account.pendingJoinsJSON = "[]"
        account.version = 1
        account.createdAt = Date()
        account.updatedAt = Date()
        var email = account.email
        if purpose == .emailChange {
            email = "matrix.moved\(n)@example.com"
            account.emailVerifiedAt = Date()
            account.pendingEmail = email
        }
        try await account.create(on: app.db)
        return try await AccountLinks.issue(purpose, for: account.requireID(), email: email, on: app.db)
    }

    /// The page of an account's link opened in a new browser (for its form token), then its form with `fields`.
    func linkForm(_ page: String, _ secret: String, _ fields: [String: String]) async throws -> WebRequest {
        let browser = WebBrowser(app)
        try await browser.get("/account/\(page)?token=\(secret)")
        var form = fields
        form["token"] = secret
        return WebRequest(path: "/account/\(page)", form: form, browser: browser)
    }
}
