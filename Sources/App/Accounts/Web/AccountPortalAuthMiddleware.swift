import Vapor

/// Signs account portal requests in from the account's own session cookie: no live session (a staff dashboard session
/// is not one) goes to the portal's sign-in. Every POST must carry the session's CSRF token.
struct AccountPortalAuthMiddleware: AsyncMiddleware {
    static let signIn = "/account/sign-in"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let sessions = AccountSessions(database: request.db, config: request.application.config)
        guard let cookie = request.cookies[AccountCookies.session]?.string,
              let (session, account) = try await sessions.resolve(cookie)
        else {
            let response = request.redirect(to: Self.signInPath(returningTo: request), redirectType: .normal)
            if request.cookies[AccountCookies.session] != nil { response.cookies[AccountCookies.session] = AccountCookies.expired(for: request) }
            return response
        }
        let flash = request.flashMessage
        request.setAccountPortal(AccountPortalContext(session: session, account: account, flash: flash))
        if request.method == .POST, !DashboardAuthMiddleware.sameToken((try? request.formFields())?["_csrf"] ?? "", session.csrfToken) {
            throw Problem.forbidden(DashboardAuthMiddleware.csrfRefused)
        }
        let response = try await next.respond(to: request)
        if flash != nil, response.cookies[DashboardCookies.flash] == nil {
            response.cookies[DashboardCookies.flash] = DashboardCookies.expired(for: request)
        }
        return response
    }

    /// The sign-in page, coming back to this page afterwards when it was a plain GET.
    static func signInPath(returningTo request: Request) -> String {
        guard request.method == .GET, request.url.path != "/account" else { return signIn }
        return signIn + "?next=" + (request.url.string.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    }

    /// Only a portal page: anything else (a staff page, another site) goes to the account's home.
    static func safeNext(_ next: String?) -> String {
        let safe = SignInController.safeNext(next)
        return safe == "/account" || safe.hasPrefix("/account/") || safe.hasPrefix("/account?") ? safe : "/account"
    }
}
