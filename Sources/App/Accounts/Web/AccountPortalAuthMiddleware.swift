import Vapor

/// Signs account portal requests in from the account's own session cookie: no live session (a staff dashboard session
/// is not one) goes to the portal's sign-in. Every POST must carry the session's CSRF token.
struct AccountPortalAuthMiddleware: AsyncMiddleware {
    static let signIn = "/account/sign-in"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let sessions = AccountSessions(database: request.database, config: request.application.config)
        guard let cookie = request.cookies[AccountCookies.session]?.string,
              let (session, account) = try await sessions.resolve(cookie)
        else {
            let response = request.redirect(to: Self.signInPath(returningTo: request), redirectType: .normal)
            if request.cookies[AccountCookies.session] != nil { response.cookies[AccountCookies.session] = AccountCookies.expired(for: request) }
            return response
        }
        let flash = request.flashMessage
        request.setAccountPortal(AccountPortalContext(session: session, account: account, flash: flash))
        try PortalGate.checkCSRF(request, expected: session.csrfToken)
        return try await PortalGate.respond(to: request, flash: flash, next: next)
    }

    static let gate = PortalGate(home: "/account", signIn: signIn)

    /// The sign-in page, coming back to this page afterwards when it was a plain GET.
    static func signInPath(returningTo request: Request) -> String { gate.signInPath(returningTo: request) }

    /// Only a portal page: anything else (a staff page, another site) goes to the portal's home.
    static func safeNext(_ next: String?) -> String { gate.safeNext(next) }
}
