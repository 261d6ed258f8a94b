import Vapor

/// `GET, POST /account/sign-up`: `AccountService.signUp` as for the API — the same answer for a new and a known
/// address, each throttled — then the "check your email" page.
struct AccountSignUpController {
    func boot(public routes: any RoutesBuilder) {
        routes.get("sign-up", use: form)
        routes.post("sign-up", use: signUp)
    }

    func form(req: Request) async throws -> Response {
        render(req, values: [:], errors: FormErrors(), alert: nil, status: .ok)
    }

    func signUp(req: Request) async throws -> Response {
        let fields = try req.formFields()
        var values = fields
        values["password"] = nil
        values["password_again"] = nil
        guard PortalFormToken.isValid(req, fields: fields) else {
            return render(req, values: values, errors: FormErrors(), alert: DashboardAuthMiddleware.csrfRefused, status: .forbidden)
        }
        let password = fields["password"] ?? ""
        if !password.isEmpty, password != fields["password_again"] {
            var errors = FormErrors()
            errors.byField["password_again"] = "is not the same password; type it again"
            return render(req, values: values, errors: errors, alert: nil, status: .unprocessableEntity)
        }
        func text(_ key: String) -> String? {
            let value = (fields[key] ?? "").trimmingCharacters(in: .whitespaces)
            return value.isEmpty ? nil : value
        }
        do {
            let receipt = try await AccountService(req: req).signUp(
                .init(email: text("email"), password: password, name: text("name"), preferredLanguage: text("preferred_language")),
                address: req.clientAddress)
            let token = PortalFormToken.current(req)
            return AccountLayout.publicResponse(req, AccountSignUpPages.sent(email: receipt.email), token: token)
        } catch let problem as Problem where problem.status == .unprocessableEntity {
            return render(req, values: values, errors: FormErrors(problem, fields: AccountSignUpPages.fields), alert: nil,
                          status: problem.status)
        } catch let problem as Problem where problem.status == .tooManyRequests {
            let response = render(req, values: values, errors: FormErrors(), alert: problem.detail, status: problem.status)
            response.headers.add(contentsOf: problem.headers)
            return response
        }
    }

    private func render(_ req: Request, values: [String: String], errors: FormErrors, alert: String?, status: HTTPStatus) -> Response {
        let token = PortalFormToken.current(req)
        return AccountLayout.publicResponse(req, AccountSignUpPages.form(values: values, errors: errors, alert: alert, csrf: token),
                                            token: token, status: status)
    }
}
