@testable import App
import Foundation
import Testing
import Vapor

/// The client portal's pages in the dashboard half of the matrix. Columns as in `WebMatrix`:
/// admin, dispatcher, agent with task, agent without, guest managing C1, guest managing none, org B admin, super admin.
/// Every column is a staff session: the portal's pages send it to the portal's sign-in (staff use the dashboard), its
/// sign-in refuses staff credentials (401, as a wrong password), and the pages of a client's emailed links answer
/// whoever holds a live link.
extension WebMatrix {
    static func portalPageRows() -> [WebMatrixRow] {
        let redirected: [WebExpect] = Array(repeating: 303, count: MatrixRole.allCases.count)
        let everyone: [WebExpect] = Array(repeating: 200, count: MatrixRole.allCases.count)
        let sentToSignIn: WebMatrixRow.Check = { _, _, r in
            r.location == "/client/sign-in" ? [] : ["goes to \(r.location ?? "nowhere"), not the portal's sign-in"]
        }
        func shows(_ text: String) -> WebMatrixRow.Check {
            { _, _, r in r.body.contains(text) ? [] : ["does not show “\(text)”"] }
        }
        return [
            row(.GET, "client", redirected, page { _ in "/client" }, check: sentToSignIn),
            row(.GET, "client/orders/new", redirected, page { _ in "/client/orders/new" }, check: sentToSignIn),
            row(.POST, "client/orders", redirected, { _, _ in
                WebRequest(path: "/client/orders", form: ["pickup.line1": "1 Matrix Rd", "dropoff.line1": "2 Matrix Rd",
                                                          "recipient.name": "Mat Rix", "recipient.phone": "+12025550123"])
            }, check: sentToSignIn),
            row(.GET, "client/orders/:id", redirected, page { _ in "/client/orders/\(UUID().uuidString.lowercased())" }, check: sentToSignIn),
            row(.GET, "client/tasks", redirected, page { _ in "/client/tasks" }, check: sentToSignIn),
            row(.GET, "client/settings", redirected, page { _ in "/client/settings" }, check: sentToSignIn),
            row(.POST, "client/settings", redirected, { _, _ in WebRequest(path: "/client/settings", form: ["brand_color": "#123456"]) },
                check: sentToSignIn),
            row(.POST, "client/sign-out", redirected, page { _ in "/client/sign-out" }, check: sentToSignIn),

            row(.GET, "client/sign-in", everyone, page { _ in "/client/sign-in" }, check: shows("Sign in to the client portal")),
            row(.POST, "client/sign-in", Array(repeating: 401, count: MatrixRole.allCases.count)) { w, role in
                let browser = WebBrowser(w.app)
                try await browser.get("/client/sign-in")
                let (email, password) = w.credentials(role)
                return WebRequest(path: "/client/sign-in", form: ["email": email, "password": password], browser: browser)
            },
            row(.GET, "client/accept", everyone) { w, _ in
                WebRequest(path: "/client/accept?token=\(try await w.portalInvitation())", browser: WebBrowser(w.app))
            } check: { w, role, r in try await shows("Accept and sign in")(w, role, r) },
            row(.POST, "client/accept", redirected) { w, _ in
                let browser = WebBrowser(w.app)
                let secret = try await w.portalInvitation()
                try await browser.get("/client/accept?token=\(secret)")
                return WebRequest(path: "/client/accept", form: ["token": secret, "password": testPassword, "password_again": testPassword],
                                  browser: browser)
            } check: { _, _, r in r.location == "/client" ? [] : ["goes to \(r.location ?? "nowhere"), not the portal"] },
            row(.GET, "client/confirm-email", everyone) { w, _ in
                WebRequest(path: "/client/confirm-email?token=\(try await w.portalEmailChange())", browser: WebBrowser(w.app))
            } check: { w, role, r in try await shows("Confirm this address")(w, role, r) },
            row(.POST, "client/confirm-email", everyone) { w, _ in
                let browser = WebBrowser(w.app)
                let secret = try await w.portalEmailChange()
                try await browser.get("/client/confirm-email?token=\(secret)")
                return WebRequest(path: "/client/confirm-email", form: ["token": secret], browser: browser)
            } check: { w, role, r in try await shows("Address confirmed")(w, role, r) },
        ]
    }
}

extension MatrixWorld {
    /// The secret of a fresh invitation of a new client of organization A.
    func portalInvitation() async throws -> String {
        try await CourierWorld.inviteSecret(app, clientID: try await APIMatrix.client(self), token: orgA.adminToken)
    }

    /// The secret of the confirmation link of a new client's new address.
    func portalEmailChange() async throws -> String {
        let id = try await APIMatrix.client(self)
        let changed = try await app.send(.PATCH, "/api/v1/clients/\(id)", token: orgA.adminToken,
                                         json: ["email": "portal-moved\(next())@example.com"])
        #expect(changed.status == .ok, "\(changed.text)")
        return try await CourierWorld.linkSecret(app, clientID: id, path: "/client/confirm-email?token=")
    }
}
