import Vapor

/// What every dashboard page knows about the signed-in person: the session, the user, the organization it acts in.
struct DashboardContext: Sendable {
    let session: DashboardSession
    let user: User
    let organization: Organization?
    let flash: String?
    /// Numbers beside navigation links, by path (see `DashboardNavigationCount`).
    var navigationCounts: [String: Int] = [:]

    var csrf: String { session.csrfToken }
    var role: Role { user.role }
    var isSuperAdmin: Bool { user.isSuperAdmin }
}

extension Request {
    private struct DashboardKey: StorageKey { typealias Value = DashboardContext }

    /// Set by `DashboardAuthMiddleware` on every signed-in page.
    var dashboard: DashboardContext {
        get throws {
            guard let context = storage[DashboardKey.self] else { throw Problem.unauthorized("Sign in first") }
            return context
        }
    }

    var dashboardIfSignedIn: DashboardContext? { storage[DashboardKey.self] }

    func setDashboard(_ context: DashboardContext) { storage[DashboardKey.self] = context }

    /// The submitted form's fields (application/x-www-form-urlencoded), trimmed of nothing; missing fields are absent.
    func formFields() throws -> [String: String] {
        guard body.data != nil else { return [:] }
        return (try? content.decode([String: String].self, as: .urlEncodedForm)) ?? [:]
    }

    /// `303 See Other` to a page, with a message shown once there.
    func redirect(to path: String, flash: String?) -> Response {
        let response = redirect(to: path, redirectType: .normal)
        if let flash { response.cookies[DashboardCookies.flash] = DashboardCookies.value(DashboardCookies.encodeFlash(flash), for: self, maxAge: 60) }
        return response
    }

    /// The one-time message a redirect left for this page, if any.
    var flashMessage: String? {
        (cookies[DashboardCookies.flash]?.string).flatMap { $0.removingPercentEncoding }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// True when the browser reached us over TLS (directly, or through a trusted proxy saying so).
    var cameOverTLS: Bool {
        if application.http.server.configuration.tlsConfiguration != nil { return true }
        return application.config.trustForwardedFor && headers.first(name: "X-Forwarded-Proto")?.lowercased() == "https"
    }
}
