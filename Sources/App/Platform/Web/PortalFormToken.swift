import Vapor

/// The CSRF token of a portal's forms shown before there is a session (sign-in, sign-up, accepting an invitation,
/// confirming an address): a random token in a cookie that the form must send back, as on the staff sign-in page.
/// Shared by the client portal and the customer account portal.
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

    /// A page without a session, drawn in the portal's own frame by `render` (given the flash message a redirect left):
    /// the token's cookie set, the flash message shown once.
    static func respond(_ req: Request, token: String, render: (_ flash: String?) -> Response) -> Response {
        let flash = req.flashMessage
        let response = render(flash)
        attach(token, to: response, for: req)
        if flash != nil { response.cookies[DashboardCookies.flash] = DashboardCookies.expired(for: req) }
        return response
    }
}
