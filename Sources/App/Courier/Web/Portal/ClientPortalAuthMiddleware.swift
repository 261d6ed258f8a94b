import Vapor

/// Signs client portal requests in from the dashboard's session cookie. No session: to the portal's sign-in. A staff
/// session: to the portal's sign-in as well (staff use the dashboard). A client that is no longer active: the session
/// ends. Then the same `Principal` the API uses is set, so every portal service applies the client's scope, and every
/// POST must carry the session's CSRF token.
struct ClientPortalAuthMiddleware: AsyncMiddleware {
    static let signIn = "/client/sign-in"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let config = request.application.config
        let sessions = DashboardSessions(database: request.database, lifetime: config.tokenLifetime, idleTimeout: config.sessionIdleTimeout)
        guard let cookie = request.cookies[DashboardCookies.session]?.string,
              let (session, user) = try await sessions.resolve(cookie)
        else { return request.redirect(to: Self.signInPath(returningTo: request), redirectType: .normal) }
        guard user.role == .client, let clientID = user.clientID, let organizationID = user.$organization.id else {
            return request.redirect(to: Self.signIn, redirectType: .normal)
        }
        guard let organization = try await request.organization(organizationID), organization.courier,
              let client = try await Tenant(organizationID: organizationID).find(Client.self, id: clientID, on: request.database),
              client.clientStatus == .active
        else {
            try await sessions.end(session)
            let response = request.redirect(to: Self.signIn, flash: "You were signed out: this client account is no longer active.")
            response.cookies[DashboardCookies.session] = DashboardCookies.expired(for: request)
            return response
        }
        request.setPrincipal(Principal(user: user, tokenID: try session.requireID(), organizationID: organizationID))
        let flash = request.flashMessage
        request.setClientPortal(ClientPortalContext(session: session, user: user, client: client, organization: organization, flash: flash))
        try PortalGate.checkCSRF(request, expected: session.csrfToken)
        return try await PortalGate.respond(to: request, flash: flash, next: next)
    }

    static let gate = PortalGate(home: "/client", signIn: signIn)

    /// The sign-in page, coming back to this page afterwards when it was a plain GET.
    static func signInPath(returningTo request: Request) -> String { gate.signInPath(returningTo: request) }

    /// Only a portal page: anything else (a staff page, another site) goes to the portal's home.
    static func safeNext(_ next: String?) -> String { gate.safeNext(next) }
}
