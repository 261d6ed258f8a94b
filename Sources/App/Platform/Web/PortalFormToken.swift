import Vapor

/// The CSRF token of the portal's forms shown before there is a session (sign-in, accepting an invitation, confirming
/// an address): a random token in a cookie that the form must send back, as on the staff sign-in page.
enum PortalFormToken {
    static func current(_ req: Request) -> String {
        req.cookies[DashboardCookies.signIn]?.string ?? DashboardSessions.randomToken()
    }

    static func attach(_ token: String, to response: Response, for req: Request) {
        response.cookies[DashboardCookies.signIn] = DashboardCookies.value(token, for: req, maxAge: 3600)
    }

    static func isValid(_ req: Request, fields: [String: String]) -> Bool {
        guard let expected = req.cookies[DashboardCookies.signIn]?.string, !expected.isEmpty else { return false }
        return DashboardAuthMiddleware.sameToken(fields["_csrf"] ?? "", expected)
    }

    /// A page without a session: the token's cookie set, a flash message left by a redirect shown once.
    static func respond(_ req: Request, _ page: WebPage, token: String, status: HTTPStatus = .ok) -> Response {
        let flash = req.flashMessage
        let response = PortalLayout.response(page, context: nil, flash: flash, status: status)
        attach(token, to: response, for: req)
        if flash != nil { response.cookies[DashboardCookies.flash] = DashboardCookies.expired(for: req) }
        return response
    }
}
