import Fluent
import Vapor

/// Dashboard sign-in and sign-out: the API's throttling and password check, then a session cookie.
struct SignInController {
    func boot(public routes: any RoutesBuilder, signedIn: any RoutesBuilder) {
        routes.get("sign-in", use: form)
        routes.post("sign-in", use: signIn)
        signedIn.post("sign-out", use: signOut)
    }

    /// The form carries a random token that must match a cookie set with it (no session exists yet).
    func form(req: Request) async throws -> Response {
        if let cookie = req.cookies[DashboardCookies.session]?.string,
           try await DashboardSessions(database: req.db, lifetime: 0).resolve(cookie) != nil {
            return req.redirect(to: Self.safeNext(req.query[String.self, at: "next"]), redirectType: .normal)
        }
        return render(req, email: "", error: nil, status: .ok)
    }

    func signIn(req: Request) async throws -> Response {
        let fields = try req.formFields()
        let email = (fields["email"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let password = fields["password"] ?? ""
        guard let expected = req.cookies[DashboardCookies.signIn]?.string, fields["_csrf"] == expected else {
            return render(req, email: email, error: DashboardAuthMiddleware.csrfRefused, status: .forbidden)
        }
        guard !email.isEmpty, !password.isEmpty else {
            return render(req, email: email, error: "Enter your email and your password.", status: .unprocessableEntity)
        }
        let config = req.application.config
        let throttle = LoginThrottle(database: req.db, limits: config.loginThrottle)
        do {
            try await throttle.check(email: email, address: req.clientAddress)
        } catch let problem as Problem {
            let response = render(req, email: email, error: problem.detail, status: problem.status)
            response.headers.add(contentsOf: problem.headers)
            return response
        }
        let user = try await Unscoped.query(User.self, on: req.db).filter(\.$email == email).first()
        let matches = try await req.passwordHasher.verify(password, hash: user?.passwordHash ?? req.passwordHasher.decoyHash)
        guard let user, matches, !user.disabled else {
            try await throttle.recordFailure(email: email, address: req.clientAddress)
            return render(req, email: email, error: AuthController.wrongCredentials + ".", status: .unauthorized)
        }
        try await throttle.clear(email: email)
        user.lastLoginAt = Date()
        try await user.save(on: req.db)
        let (cookie, _) = try await DashboardSessions(database: req.db, lifetime: config.tokenLifetime).start(for: user)
        let target = user.isSuperAdmin ? "/organizations" : Self.safeNext(fields["next"])
        let response = req.redirect(to: target, flash: "Signed in as \(user.name).")
        response.cookies[DashboardCookies.session] = DashboardCookies.value(cookie, for: req, maxAge: Int(config.tokenLifetime))
        response.cookies[DashboardCookies.signIn] = DashboardCookies.expired(for: req)
        return response
    }

    func signOut(req: Request) async throws -> Response {
        let context = try req.dashboard
        try await DashboardSessions(database: req.db, lifetime: 0).end(context.session)
        let response = req.redirect(to: "/sign-in", flash: nil)
        response.cookies[DashboardCookies.session] = DashboardCookies.expired(for: req)
        return response
    }

    /// Only a path on this site: never `//host` or an absolute URL.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\") else { return "/customers" }
        return next
    }

    private func render(_ req: Request, email: String, error: String?, status: HTTPStatus) -> Response {
        let token = req.cookies[DashboardCookies.signIn]?.string ?? DashboardSessions.randomToken()
        let page = SignInPage.page(email: email, error: error, csrf: token,
                                   next: Self.safeNext(req.query[String.self, at: "next"] ?? (try? req.formFields())?["next"]))
        let response = Layout.response(page, context: nil, status: status)
        response.cookies[DashboardCookies.signIn] = DashboardCookies.value(token, for: req, maxAge: 3600)
        return response
    }
}
