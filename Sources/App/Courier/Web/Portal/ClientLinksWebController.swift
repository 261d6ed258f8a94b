import Fluent
import Vapor

/// The pages of a client's links, before it has a login: `GET, POST /client/accept?token=…` (choose the password, then
/// signed in to the portal) and `GET, POST /client/confirm-email?token=…`. `ClientAcceptance` does the work, as for
/// the API.
struct ClientLinksWebController {
    func boot(public routes: any RoutesBuilder) {
        routes.get("accept", use: acceptForm)
        routes.post("accept", use: accept)
        routes.get("confirm-email", use: confirmForm)
        routes.post("confirm-email", use: confirm)
    }

    func acceptForm(req: Request) async throws -> Response {
        let token = req.query[String.self, at: "token"] ?? ""
        return try await renderAccept(req, token: token, name: nil, errors: FormErrors(), status: .ok)
    }

    func accept(req: Request) async throws -> Response {
        let fields = try req.formFields()
        let token = fields["token"] ?? ""
        let name = fields["name"].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        guard PortalFormToken.isValid(req, fields: fields) else { throw Problem.forbidden(DashboardAuthMiddleware.csrfRefused) }
        let password = fields["password"] ?? ""
        if !password.isEmpty, password != fields["password_again"] {
            var errors = FormErrors()
            errors.byField["password_again"] = "is not the same password; type it again"
            return try await renderAccept(req, token: token, name: name, errors: errors, status: .unprocessableEntity)
        }
        do {
            let accepted = try await acceptance(req).accept(.init(token: token, password: password, name: name),
                                                            path: req.url.path, requestID: req.requestID)
            try await TokenRevocations.announce(req.tokenCache, on: req.database)
            // The browser signs in with a session; the API token the acceptance issued is not needed here.
            let hash = TokenService.hash(accepted.token)
            try await WriteTransaction.run(on: req.database) { db in
                try await Unscoped.query(APIToken.self, on: db).filter(\.$tokenHash == hash).delete()
            }
            guard let user = try await Unscoped.query(User.self, on: req.database).filter(\.$id == accepted.user.id).first() else {
                throw Problem.notFound("user")
            }
            return try await ClientPortalSignInController.startSession(
                req, user: user, to: "/client", flash: "Welcome, \(user.name): your client portal is ready. Send your first delivery with “New order”.")
        } catch let problem as Problem where problem.status == .unprocessableEntity {
            return try await renderAccept(req, token: token, name: name, errors: FormErrors(problem, fields: ClientLinkPages.acceptFields),
                                          status: problem.status)
        } catch let problem as Problem where problem.status == .gone || problem.status == .notFound {
            return refusal(req, problem.status == .gone ? .gone(problem.detail) : .unknown)
        }
    }

    func confirmForm(req: Request) async throws -> Response {
        let token = req.query[String.self, at: "token"] ?? ""
        let state = try await ClientLinkCheck.state(of: token, purpose: .emailChange, on: req.database)
        guard case let .open(link) = state else { return refusal(req, state) }
        let client = try await Tenant(organizationID: link.organizationID).find(Client.self, id: link.clientID, on: req.database)
        let csrf = PortalFormToken.current(req)
        return PortalFormToken.respond(req, ClientLinkPages.confirm(token: token, email: link.email, clientName: client?.name ?? "your",
                                                                    csrf: csrf), token: csrf)
    }

    func confirm(req: Request) async throws -> Response {
        let fields = try req.formFields()
        guard PortalFormToken.isValid(req, fields: fields) else { throw Problem.forbidden(DashboardAuthMiddleware.csrfRefused) }
        do {
            let client = try await acceptance(req).confirmEmail(.init(token: fields["token"] ?? ""), path: req.url.path,
                                                                requestID: req.requestID)
            try await TokenRevocations.announce(req.tokenCache, on: req.database)
            return PortalLayout.response(ClientLinkPages.confirmed(email: client.email), context: nil)
        } catch let problem as Problem where problem.status == .gone || problem.status == .notFound {
            return refusal(req, problem.status == .gone ? .gone(problem.detail) : .unknown)
        }
    }

    private func renderAccept(_ req: Request, token: String, name: String?, errors: FormErrors, status: HTTPStatus) async throws -> Response {
        let state = try await ClientLinkCheck.state(of: token, purpose: .invitation, on: req.database)
        guard case let .open(link) = state,
              let client = try await Tenant(organizationID: link.organizationID).find(Client.self, id: link.clientID, on: req.database),
              let organization = try await Organization.load(link.organizationID, on: req.database)
        else { return refusal(req, state) }
        let csrf = PortalFormToken.current(req)
        let page = ClientLinkPages.accept(token: token, clientName: client.name, courier: organization.name, email: client.email,
                                          name: name, errors: errors, csrf: csrf)
        return PortalFormToken.respond(req, page, token: csrf, status: status)
    }

    private func refusal(_ req: Request, _ state: ClientLinkCheck.State) -> Response {
        let (status, page) = ClientLinkCheck.refusal(state) ?? (.notFound, ClientPortalPages.error(status: .notFound, message: ""))
        return PortalLayout.response(page, context: nil, status: status)
    }

    private func acceptance(_ req: Request) -> ClientAcceptance {
        ClientAcceptance(database: req.database, hasher: req.passwordHasher, tokenLifetime: req.application.config.tokenLifetime)
    }
}
