import Vapor

/// `GET, POST /account/profile` and `POST /account/verification` (a new confirmation link while unverified).
/// `AccountService.update` saves the profile as the API's `PATCH /account` does — its inherited fields then flow to the
/// linked records — and sends a new address its confirmation link.
struct AccountProfileWebController {
    func boot(routes: any RoutesBuilder) {
        routes.get("profile", use: show)
        routes.post("profile", use: save)
        routes.post("verification", use: resendVerification)
    }

    func show(req: Request) async throws -> Response {
        let context = try req.accountPortal
        return render(context, values: AccountProfileForm.values(of: context.account), errors: FormErrors(), status: .ok)
    }

    func save(req: Request) async throws -> Response {
        let context = try req.accountPortal
        let account = context.account
        let fields = try req.formFields()
        let input = AccountProfileForm.input(fields, account: account)
        do {
            let saved = try await AccountService(req: req).update(account, input, ifMatch: fields["version"].flatMap { Int($0) })
            var flash = "Profile saved."
            if case .value = input.email, let pending = saved.pendingEmail {
                flash += " A link to confirm \(pending) is on its way to it."
            }
            return req.redirect(to: "/account/profile", flash: flash)
        } catch let problem as Problem where problem.status == .unprocessableEntity || problem.status == .preconditionFailed {
            var values = fields
            values["version"] = String(account.version)
            var errors = FormErrors(problem, fields: AccountProfileForm.fields)
            if problem.status == .preconditionFailed {
                errors = FormErrors()
                errors.general = ["Your profile was changed elsewhere since this page was opened: check the values and save again."]
            }
            return render(context, values: values, errors: errors, status: problem.status)
        }
    }

    func resendVerification(req: Request) async throws -> Response {
        let context = try req.accountPortal
        let back = try req.formFields()["back"] == "/account/profile" ? "/account/profile" : "/account"
        do {
            try await AccountService(req: req).resendVerification(context.account)
            return req.redirect(to: back, flash: "A new confirmation link is on its way to \(context.account.email).")
        } catch let problem as Problem where problem.status == .conflict {
            return req.redirect(to: back, flash: "Your address is confirmed already.")
        }
    }

    private func render(_ context: AccountPortalContext, values: [String: String], errors: FormErrors, status: HTTPStatus) -> Response {
        AccountLayout.response(AccountProfileForm.page(values: values, errors: errors, context: context), context: context, status: status)
    }
}
