import Fluent
import Vapor

/// `GET, POST /client/sign-in` and `POST /client/sign-out`: the staff sign-in's throttle and password check, for
/// client users only — a staff user's right password is refused here with the same words as a wrong one.
struct ClientPortalSignInController {
    func boot(public routes: any RoutesBuilder, signedIn: any RoutesBuilder) {
        routes.get("sign-in", use: form)
        routes.post("sign-in", use: signIn)
        signedIn.post("sign-out", use: signOut)
    }

    func form(req: Request) async throws -> Response {
        if let cookie = req.cookies[DashboardCookies.session]?.string,
           let (_, user) = try await DashboardSessions(database: req.database, lifetime: 0, idleTimeout: req.application.config.sessionIdleTimeout)
               .resolve(cookie), user.role == .client {
            return req.redirect(to: ClientPortalAuthMiddleware.safeNext(req.query[String.self, at: "next"]), redirectType: .normal)
        }
        return render(req, email: "", error: nil, status: .ok)
    }

    func signIn(req: Request) async throws -> Response {
        let fields = try req.formFields()
        let email = (fields["email"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let password = fields["password"] ?? ""
        guard PortalFormToken.isValid(req, fields: fields) else {
            return render(req, email: email, error: DashboardAuthMiddleware.csrfRefused, status: .forbidden)
        }
        let user: User
        switch try await FormSignIn.check(req, email: email, password: password,
                                          accepts: { $0.role == .client && $0.clientID != nil }) {
        case let .signedIn(found): user = found
        case let .refused(message, status, headers):
            let response = render(req, email: email, error: message, status: status)
            response.headers.add(contentsOf: headers)
            return response
        }
        return try await Self.startSession(req, user: user, to: ClientPortalAuthMiddleware.safeNext(fields["next"]),
                                           flash: "Signed in as \(user.name).")
    }

    func signOut(req: Request) async throws -> Response {
        try await DashboardSessions(database: req.database, lifetime: 0).end(try req.clientPortal.session)
        let response = req.redirect(to: ClientPortalAuthMiddleware.signIn, flash: "You are signed out.")
        response.cookies[DashboardCookies.session] = DashboardCookies.expired(for: req)
        return response
    }

    /// A new portal session for `user`, and a redirect to `target` carrying its cookie.
    static func startSession(_ req: Request, user: User, to target: String, flash: String) async throws -> Response {
        let config = req.application.config
        let (cookie, _) = try await DashboardSessions(database: req.database, lifetime: config.tokenLifetime).start(for: user)
        let response = req.redirect(to: target, flash: flash)
        response.cookies[DashboardCookies.session] = DashboardCookies.value(cookie, for: req, maxAge: Int(config.tokenLifetime))
        response.cookies[DashboardCookies.signIn] = DashboardCookies.expired(for: req)
        return response
    }

    private func render(_ req: Request, email: String, error: String?, status: HTTPStatus) -> Response {
        let token = PortalFormToken.current(req)
        let next = ClientPortalAuthMiddleware.safeNext(req.query[String.self, at: "next"] ?? (try? req.formFields())?["next"])
        return PortalFormToken.respond(req, ClientPortalSignInPage.page(email: email, error: error, csrf: token, next: next),
                                       token: token, status: status)
    }
}
