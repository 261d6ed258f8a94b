import Fluent
import Vapor

/// Super admin: the organizations list, creating one (`OrganizationProvisioning`), and switching the session into
/// one — recorded in the audit log — or out again.
struct OrganizationsWebController {
    func boot(routes: any RoutesBuilder) {
        routes.get("organizations", use: list)
        routes.post("organizations", use: create)
        routes.post("organizations", "leave", use: leave)
        routes.post("organizations", ":id", "switch", use: switchInto)
    }

    func list(req: Request) async throws -> Response {
        try await render(req, values: [:], errors: FormErrors(), status: .ok)
    }

    func create(req: Request) async throws -> Response {
        try req.principal.require(.manageOrganizations)
        let f = try req.formFields()
        let body = Organization.Create(name: f["name"], slug: f["slug"],
                                       admin: .init(email: f["admin.email"], name: f["admin.name"], password: f["admin.password"]),
                                       settings: nil)
        do {
            let organization = try await OrganizationProvisioning(database: req.database, hasher: req.passwordHasher).create(body)
            return req.redirect(to: "/organizations", flash: "Organization “\(organization.name)” created.")
        } catch let problem as Problem where problem.status == .unprocessableEntity || problem.status == .conflict {
            return try await render(req, values: f, errors: FormErrors(problem, fields: OrganizationsPage.fields), status: problem.status)
        }
    }

    func switchInto(req: Request) async throws -> Response {
        let context = try req.dashboard
        try req.principal.require(.manageOrganizations)
        guard let organization = try await Organization.find(try req.uuidParameter("id"), on: req.database) else {
            throw Problem.notFound("organization")
        }
        try await DashboardSessions(database: req.database, lifetime: 0).switchOrganization(context.session, to: organization.id)
        try await AuditLog(database: req.database).record(actor: context.user.id!, organizationID: organization.id, action: "support_switch",
                                                    method: req.method, path: req.url.path, status: .seeOther, requestID: req.requestID)
        return req.redirect(to: "/customers", flash: "You are now acting inside “\(organization.name)”.")
    }

    func leave(req: Request) async throws -> Response {
        let context = try req.dashboard
        try req.principal.require(.manageOrganizations)
        try await DashboardSessions(database: req.database, lifetime: 0).switchOrganization(context.session, to: nil)
        return req.redirect(to: "/organizations", flash: "You left the organization.")
    }

    private func render(_ req: Request, values: [String: String], errors: FormErrors, status: HTTPStatus) async throws -> Response {
        let context = try req.dashboard
        try req.principal.require(.manageOrganizations)
        let organizations = try await Organization.query(on: req.database).sort(\.$name).limit(500).all()
        return Layout.response(OrganizationsPage.page(organizations, current: context.organization, values: values,
                                                      errors: errors, csrf: context.csrf), context: context, status: status)
    }
}
