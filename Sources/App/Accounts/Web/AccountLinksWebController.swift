import Vapor

/// The pages of an account's emailed links and of a forgotten password, before there is a session:
/// `GET, POST /account/verify?token=…`, `GET, POST /account/forgot-password`, `GET, POST /account/reset-password?token=…`
/// and `GET, POST /account/confirm-email?token=…`. A GET only shows the link's button (mail scanners follow links);
/// the POST uses the single-use link through `AccountService`, as the API does.
struct AccountLinksWebController {
    func boot(public routes: any RoutesBuilder) {
        routes.get("verify", use: verifyForm)
        routes.post("verify", use: verify)
        routes.get("forgot-password", use: forgotForm)
        routes.post("forgot-password", use: forgot)
        routes.get("reset-password", use: resetForm)
        routes.post("reset-password", use: reset)
        routes.get("confirm-email", use: confirmForm)
        routes.post("confirm-email", use: confirm)
    }

    private static let signIn = (label: "Sign in to your account", href: "/account/sign-in")
    private static let forgotAgain = (label: "Ask for a new link", href: "/account/forgot-password")

    // MARK: verification

    func verifyForm(req: Request) async throws -> Response {
        let token = req.query[String.self, at: "token"] ?? ""
        let state = try await AccountLinkCheck.state(of: token, purpose: .verifyEmail, on: req.database)
        guard case let .open(link) = state else { return refusal(req, state, again: Self.signIn) }
        let csrf = PortalFormToken.current(req)
        return AccountLayout.publicResponse(req, AccountLinkPages.verify(token: token, email: link.email, csrf: csrf), token: csrf)
    }

    func verify(req: Request) async throws -> Response {
        let fields = try checkedFields(req)
        do {
            let account = try await AccountService(req: req).verify(.init(token: fields["token"] ?? ""))
            return AccountLayout.response(AccountLinkPages.verified(email: account.email), context: nil)
        } catch let problem as Problem {
            return try refusal(req, problem, again: Self.signIn)
        }
    }

    // MARK: password reset

    func forgotForm(req: Request) async throws -> Response {
        renderForgot(req, email: req.query[String.self, at: "email"] ?? "", errors: FormErrors(), alert: nil, status: .ok)
    }

    func forgot(req: Request) async throws -> Response {
        let fields = try checkedFields(req)
        let email = (fields["email"] ?? "").trimmingCharacters(in: .whitespaces)
        do {
            try await AccountService(req: req).requestReset(.init(email: email), address: req.clientAddress)
            let csrf = PortalFormToken.current(req)
            return AccountLayout.publicResponse(req, AccountLinkPages.resetSent(email: email.lowercased()), token: csrf)
        } catch let problem as Problem where problem.status == .unprocessableEntity {
            return renderForgot(req, email: email, errors: FormErrors(problem, fields: ["email"]), alert: nil, status: problem.status)
        } catch let problem as Problem where problem.status == .tooManyRequests {
            let response = renderForgot(req, email: email, errors: FormErrors(), alert: problem.detail, status: problem.status)
            response.headers.add(contentsOf: problem.headers)
            return response
        }
    }

    func resetForm(req: Request) async throws -> Response {
        try await renderReset(req, token: req.query[String.self, at: "token"] ?? "", errors: FormErrors(), status: .ok)
    }

    func reset(req: Request) async throws -> Response {
        let fields = try checkedFields(req)
        let token = fields["token"] ?? ""
        let password = fields["password"] ?? ""
        if !password.isEmpty, password != fields["password_again"] {
            var errors = FormErrors()
            errors.byField["password_again"] = "is not the same password; type it again"
            return try await renderReset(req, token: token, errors: errors, status: .unprocessableEntity)
        }
        do {
            let account = try await AccountService(req: req).confirmReset(.init(token: token, password: password))
            // The new password ends every session at once (their stamps would no longer match either).
            try await AccountSessions(database: req.database, config: req.application.config).endAll(of: try account.requireID())
            let response = req.redirect(to: AccountPortalAuthMiddleware.signIn,
                                        flash: "Your new password is set, and every device was signed out. Sign in with it.")
            response.cookies[AccountCookies.session] = AccountCookies.expired(for: req)
            return response
        } catch let problem as Problem where problem.status == .unprocessableEntity && problem.errors?.contains(where: { $0.field == "password" }) == true {
            return try await renderReset(req, token: token, errors: FormErrors(problem, fields: AccountLinkPages.resetFields),
                                         status: problem.status)
        } catch let problem as Problem {
            return try refusal(req, problem, again: Self.forgotAgain)
        }
    }

    // MARK: a new address

    func confirmForm(req: Request) async throws -> Response {
        let token = req.query[String.self, at: "token"] ?? ""
        let state = try await AccountLinkCheck.state(of: token, purpose: .emailChange, on: req.database)
        guard case let .open(link) = state else { return refusal(req, state, again: Self.signIn) }
        let csrf = PortalFormToken.current(req)
        return AccountLayout.publicResponse(req, AccountLinkPages.confirmEmail(token: token, email: link.email, csrf: csrf), token: csrf)
    }

    func confirm(req: Request) async throws -> Response {
        let fields = try checkedFields(req)
        do {
            let account = try await AccountService(req: req).confirmEmail(.init(token: fields["token"] ?? ""))
            return AccountLayout.response(AccountLinkPages.emailConfirmed(email: account.email), context: nil)
        } catch let problem as Problem where problem.status == .conflict {
            return AccountLayout.response(AccountPages.notice(title: "Address not changed", message: problem.detail + ".",
                                                              link: Self.signIn), context: nil, status: .conflict)
        } catch let problem as Problem {
            return try refusal(req, problem, again: Self.signIn)
        }
    }

    // MARK: helpers

    /// The submitted form, refused when it did not come from this site's page (403).
    private func checkedFields(_ req: Request) throws -> [String: String] {
        let fields = try req.formFields()
        guard PortalFormToken.isValid(req, fields: fields) else { throw Problem.forbidden(DashboardAuthMiddleware.csrfRefused) }
        return fields
    }

    private func renderForgot(_ req: Request, email: String, errors: FormErrors, alert: String?, status: HTTPStatus) -> Response {
        let csrf = PortalFormToken.current(req)
        return AccountLayout.publicResponse(req, AccountLinkPages.forgot(email: email, errors: errors, alert: alert, csrf: csrf),
                                            token: csrf, status: status)
    }

    private func renderReset(_ req: Request, token: String, errors: FormErrors, status: HTTPStatus) async throws -> Response {
        let state = try await AccountLinkCheck.state(of: token, purpose: .passwordReset, on: req.database)
        guard case let .open(link) = state else { return refusal(req, state, again: Self.forgotAgain) }
        let csrf = PortalFormToken.current(req)
        return AccountLayout.publicResponse(req, AccountLinkPages.reset(token: token, email: link.email, errors: errors, csrf: csrf),
                                            token: csrf, status: status)
    }

    private func refusal(_ req: Request, _ state: AccountLinkCheck.State, again: (label: String, href: String)) -> Response {
        let (status, page) = AccountLinkCheck.refusal(state, again: again)
        return AccountLayout.response(page, context: nil, status: status)
    }

    /// A link's use that failed: 410 or 404 as its page says; a missing token is an unknown link; anything else throws.
    private func refusal(_ req: Request, _ problem: Problem, again: (label: String, href: String)) throws -> Response {
        if let state = AccountLinkCheck.state(of: problem) { return refusal(req, state, again: again) }
        if problem.status == .unprocessableEntity, problem.errors?.contains(where: { $0.field == "token" }) == true {
            return refusal(req, .unknown, again: again)
        }
        throw problem
    }
}
