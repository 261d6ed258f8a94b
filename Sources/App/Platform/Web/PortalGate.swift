import Vapor

/// What the portals' sign-in gates share (the courier client portal under `/client`, the customer account portal under
/// `/account`): the CSRF check of every POST, the one-time flash message cleared once shown, and the sign-in page's
/// way back to the page asked for, never outside the portal.
struct PortalGate {
    /// The portal's home (`/client`, `/account`) and its sign-in page.
    let home: String
    let signIn: String

    /// Refuses a POST without the session's CSRF token.
    static func checkCSRF(_ request: Request, expected: String) throws {
        if request.method == .POST, !DashboardAuthMiddleware.sameToken((try? request.formFields())?["_csrf"] ?? "", expected) {
            throw Problem.forbidden(DashboardAuthMiddleware.csrfRefused)
        }
    }

    /// Answers the request, clearing the flash message it showed.
    static func respond(to request: Request, flash: String?, next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        if flash != nil, response.cookies[DashboardCookies.flash] == nil {
            response.cookies[DashboardCookies.flash] = DashboardCookies.expired(for: request)
        }
        return response
    }

    /// The sign-in page, coming back to this page afterwards when it was a plain GET.
    func signInPath(returningTo request: Request) -> String {
        guard request.method == .GET, request.url.path != home else { return signIn }
        return signIn + "?next=" + (request.url.string.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    }

    /// Only a page of this portal: anything else (a staff page, another site) goes to the portal's home.
    func safeNext(_ next: String?) -> String {
        let safe = SignInController.safeNext(next)
        return safe == home || safe.hasPrefix(home + "/") || safe.hasPrefix(home + "?") ? safe : home
    }
}
