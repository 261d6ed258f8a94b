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
           try await DashboardSessions(database: req.database, lifetime: 0, idleTimeout: req.application.config.sessionIdleTimeout)
               .resolve(cookie) != nil {
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
        let user: User
        switch try await FormSignIn.check(req, email: email, password: password, accepts: { _ in true }) {
        case let .signedIn(found): user = found
        case let .refused(message, status, headers):
            let response = render(req, email: email, error: message, status: status)
            response.headers.add(contentsOf: headers)
            return response
        }
        let config = req.application.config
        let (cookie, _) = try await DashboardSessions(database: req.database, lifetime: config.tokenLifetime).start(for: user)
        let target = user.isSuperAdmin ? "/organizations" : Self.safeNext(fields["next"])
        let response = req.redirect(to: target, flash: "Signed in as \(user.name).")
        response.cookies[DashboardCookies.session] = DashboardCookies.value(cookie, for: req, maxAge: Int(config.tokenLifetime))
        response.cookies[DashboardCookies.signIn] = DashboardCookies.expired(for: req)
        return response
    }

    func signOut(req: Request) async throws -> Response {
        let context = try req.dashboard
        try await DashboardSessions(database: req.database, lifetime: 0).end(context.session)
        let response = req.redirect(to: "/sign-in", flash: nil)
        response.cookies[DashboardCookies.session] = DashboardCookies.expired(for: req)
        return response
    }

    /// Only a path on this site: never `//host`, an absolute URL, or one that becomes either once a browser drops
    /// the tabs, line breaks and spaces in it or percent-decodes it (`/%09/evil.example` is `//evil.example`).
    static func safeNext(_ next: String?) -> String {
        guard let next, next.count <= 2000 else { return "/customers" }
        var decoded = next
        for _ in 0..<3 {
            guard let once = decoded.removingPercentEncoding, once != decoded else { break }
            decoded = once
        }
        for form in [next, decoded] {
            let unsafe = form.unicodeScalars.contains { $0.value < 0x21 || $0.value == 0x7F || $0 == "\\" || !$0.isASCII }
            guard form.hasPrefix("/"), !form.hasPrefix("//"), !unsafe else { return "/customers" }
        }
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
