import Vapor

/// Signs dashboard requests in from the session cookie (else redirects to sign-in), sets the same `Principal`
/// the API uses — so every service applies the same roles and tenancy — checks the CSRF token of every POST,
/// audits a super admin's pages inside an organization, and hands the one-time flash message to the page.
struct DashboardAuthMiddleware: AsyncMiddleware {
    /// The numbers beside navigation links (open erasure requests), counted for the roles they are for.
    var navigationCounts: [DashboardNavigationCount] = []

    static let csrfRefused = "This form has expired or did not come from the dashboard. Reload the page and try again."

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let sessions = DashboardSessions(database: request.database, lifetime: request.application.config.tokenLifetime,
                                         idleTimeout: request.application.config.sessionIdleTimeout)
        guard let cookie = request.cookies[DashboardCookies.session]?.string,
              let (session, user) = try await sessions.resolve(cookie)
        else {
            return request.redirect(to: Self.signInPath(returningTo: request), redirectType: .normal)
        }
        // A client user's pages are the client portal's.
        if user.role == .client { return request.redirect(to: "/client", redirectType: .normal) }
        let organizationID = user.isSuperAdmin ? session.organizationID : user.$organization.id
        request.setPrincipal(Principal(user: user, tokenID: try session.requireID(), organizationID: organizationID))
        let organization = try await organizationID.asyncFlatMap { try await Organization.find($0, on: request.database) }
        let flashCookie = request.cookies[DashboardCookies.flash]?.string
        let flash = flashCookie.flatMap { $0.removingPercentEncoding }.flatMap { $0.isEmpty ? nil : $0 }
        var context = DashboardContext(session: session, user: user, organization: organization, flash: flash)
        context.navigationCounts = await DashboardNavigationCount.counts(navigationCounts, for: request, user: user,
                                                                         organizationID: organizationID)
        request.setDashboard(context)

        if request.method == .POST {
            // A file upload's body streams to disk as it arrives (an import): its form carries the token in its action's
            // query instead, read before the body is.
            let sent = request.headers.contentType?.type == "multipart"
                ? request.query[String.self, at: "_csrf"] ?? ""
                : (try? request.formFields())?["_csrf"] ?? ""
            guard Self.sameToken(sent, session.csrfToken) else { throw Problem.forbidden(Self.csrfRefused) }
        }
        let response = try await respondAudited(request, next: next, user: user, organizationID: organizationID)
        if flashCookie != nil, response.cookies[DashboardCookies.flash] == nil {
            response.cookies[DashboardCookies.flash] = DashboardCookies.expired(for: request)
        }
        return response
    }

    /// Compares a sent token with the session's in constant time.
    static func sameToken(_ sent: String, _ expected: String) -> Bool {
        sent.utf8.count == expected.utf8.count && zip(sent.utf8, expected.utf8).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0
    }

    static func signInPath(returningTo request: Request) -> String {
        guard request.method == .GET, request.url.path != "/" else { return "/sign-in" }
        let target = request.url.string
        return "/sign-in?next=" + (target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    }

    /// A super admin's work inside an organization lands in the audit log, as through the API.
    private func respondAudited(_ request: Request, next: any AsyncResponder, user: User, organizationID: UUID?) async throws -> Response {
        guard user.isSuperAdmin, let organizationID else { return try await next.respond(to: request) }
        return try await AuditLog.supportAccess(request, next: next, actor: try user.requireID(), organizationID: organizationID)
    }
}

extension Optional {
    func asyncFlatMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
