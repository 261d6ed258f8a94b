import Vapor

/// `GET, POST /account/organizations` (the links; join one by its slug), `POST /account/organizations/{id}/consent`
/// (that organization's marketing choices, source `customer`) and `GET, POST /account/organizations/{id}/leave`
/// (asks first, then unlinks). `AccountLinksService` does the work, as for the API.
struct AccountOrganizationsWebController {
    func boot(routes: any RoutesBuilder) {
        let organizations = routes.grouped("organizations")
        organizations.get(use: list)
        organizations.post(use: join)
        organizations.post(":organization_id", "consent", use: consent)
        organizations.get(":organization_id", "leave", use: leaveForm)
        organizations.post(":organization_id", "leave", use: leave)
    }

    private func links(_ req: Request) throws -> AccountLinksService {
        AccountLinksService(database: req.database, account: try req.accountPortal.account)
    }

    func list(req: Request) async throws -> Response {
        try await render(req, join: "", errors: FormErrors(), status: .ok)
    }

    func join(req: Request) async throws -> Response {
        let slug = (try req.formFields()["organization"] ?? "").trimmingCharacters(in: .whitespaces)
        do {
            let (view, isNew) = try await links(req).join(.init(organization: slug))
            let name = view.organization.name
            return req.redirect(to: "/account/organizations",
                                flash: isNew ? "You joined \(name): your orders there now show in your account." : "You are in \(name) already.")
        } catch let problem as Problem where [.unprocessableEntity, .conflict, .forbidden].contains(problem.status) {
            var errors = FormErrors(problem, fields: ["organization"])
            if problem.status == .forbidden { errors.general = [problem.detail] }
            return try await render(req, join: slug, errors: errors, status: problem.status)
        }
    }

    func consent(req: Request) async throws -> Response {
        let fields = try req.formFields()
        let view = try await links(req).consent(try req.uuidParameter("organization_id"),
                                                .init(emailOptIn: fields["email_opt_in"] == "true", smsOptIn: fields["sms_opt_in"] == "true"))
        return req.redirect(to: "/account/organizations", flash: "Your preferences for \(view.organization.name) are saved.")
    }

    func leaveForm(req: Request) async throws -> Response {
        let context = try req.accountPortal
        let view = try await link(req)
        return AccountLayout.response(AccountOrganizationsPage.leave(view, csrf: context.csrf), context: context)
    }

    func leave(req: Request) async throws -> Response {
        let view = try await link(req)
        try await links(req).leave(view.organizationID)
        return req.redirect(to: "/account/organizations", flash: "You left \(view.organization.name).")
    }

    /// The person's link to the organization of the path, or 404.
    private func link(_ req: Request) async throws -> AccountLinksService.View {
        let service = try links(req)
        let customer = try await service.records.record(of: service.accountID, in: try req.uuidParameter("organization_id"))
        return try await service.view(customer)
    }

    private func render(_ req: Request, join: String, errors: FormErrors, status: HTTPStatus) async throws -> Response {
        let context = try req.accountPortal
        let page = AccountOrganizationsPage.page(try await links(req).list(), join: join, joinErrors: errors, context: context)
        return AccountLayout.response(page, context: context, status: status)
    }
}
