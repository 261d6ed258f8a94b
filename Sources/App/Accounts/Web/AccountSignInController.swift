import SQLKit
import Vapor

/// `GET, POST /account/sign-in` and `POST /account/sign-out`. `AccountService.authenticate` checks the password with its
/// throttle and decoy hash, as for the API; the browser then gets a session of its own (no bearer token).
struct AccountSignInController {
    func boot(public routes: any RoutesBuilder, signedIn: any RoutesBuilder) {
        routes.get("sign-in", use: form)
        routes.post("sign-in", use: signIn)
        signedIn.post("sign-out", use: signOut)
    }

    func form(req: Request) async throws -> Response {
        if let cookie = req.cookies[AccountCookies.session]?.string,
           try await AccountSessions(database: req.database, config: req.application.config).resolve(cookie) != nil {
            return req.redirect(to: AccountPortalAuthMiddleware.safeNext(req.query[String.self, at: "next"]), redirectType: .normal)
        }
        return render(req, email: "", error: nil, status: .ok)
    }

    func signIn(req: Request) async throws -> Response {
        let fields = try req.formFields()
        let email = (fields["email"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        guard PortalFormToken.isValid(req, fields: fields) else {
            return render(req, email: email, error: DashboardAuthMiddleware.csrfRefused, status: .forbidden)
        }
        let account: Account
        do {
            account = try await AccountService(req: req).authenticate(.init(email: email, password: fields["password"] ?? ""),
                                                                      address: req.clientAddress)
        } catch let problem as Problem where [.unauthorized, .unprocessableEntity, .tooManyRequests].contains(problem.status) {
            let message = switch problem.status {
            case .unauthorized: AccountService.wrongCredentials + "."
            case .unprocessableEntity: "Enter your email and your password."
            default: problem.detail
            }
            let response = render(req, email: email, error: message, status: problem.status)
            if problem.status == .tooManyRequests { response.headers.add(contentsOf: problem.headers) }
            return response
        }
        let name = account.name.flatMap { $0.isEmpty ? nil : $0 } ?? account.email
        return try await Self.startSession(req, account: account, to: AccountPortalAuthMiddleware.safeNext(fields["next"]),
                                           flash: "Signed in as \(name).")
    }

    func signOut(req: Request) async throws -> Response {
        try await AccountSessions(database: req.database, config: req.application.config).end(try req.accountPortal.session)
        let response = req.redirect(to: AccountPortalAuthMiddleware.signIn, flash: "You are signed out.")
        response.cookies[AccountCookies.session] = AccountCookies.expired(for: req)
        return response
    }

    /// A new portal session for `account`, and a redirect to `target` carrying its cookie.
    static func startSession(_ req: Request, account: Account, to target: String, flash: String) async throws -> Response {
        let config = req.application.config
        let (cookie, _) = try await AccountSessions(database: req.database, config: config).start(for: account)
        let response = req.redirect(to: target, flash: flash)
        response.cookies[AccountCookies.session] = AccountCookies.value(cookie, for: req, maxAge: Int(config.tokenLifetime))
        response.cookies[DashboardCookies.signIn] = DashboardCookies.expired(for: req)
        return response
    }

    private func render(_ req: Request, email: String, error: String?, status: HTTPStatus) -> Response {
        let token = PortalFormToken.current(req)
        let next = AccountPortalAuthMiddleware.safeNext(req.query[String.self, at: "next"] ?? (try? req.formFields())?["next"])
        return AccountLayout.publicResponse(req, AccountSignInPage.page(email: email, error: error, csrf: token, next: next),
                                            token: token, status: status)
    }
}
