import Fluent
import Vapor

/// The courier's client pages: the list, a new client (invited at once if asked), one client with its form, its
/// invitation, its orders and timeline, and deleting it after a confirmation step. Thin: `ClientService` does the work,
/// as for the API; 404 outside a courier organization, admins change clients and dispatchers see them.
struct ClientsWebController {
    func boot(routes: any RoutesBuilder) {
        let clients = routes.grouped("clients")
        clients.get(use: list)
        clients.get("new", use: new)
        clients.post(use: create)
        clients.get(":id", use: show)
        clients.post(":id", use: update)
        clients.post(":id", "invite", use: invite)
        clients.get(":id", "delete", use: confirmDelete)
        clients.post(":id", "delete", use: delete)
    }

    static let listKeys = ["q", "status", "page", "cursor"]
    static let pageKeys = ["timeline_page", "orders_page"]
    static let historyPerPage = 10

    func list(req: Request) async throws -> Response {
        let service = try await CourierWebServices.clients(req)
        let context = try req.dashboard
        let query = WebQuery.values(of: req, keys: Self.listKeys)
        var model = ClientsListPage.Model(query: query, canManage: context.role.allows(.manageClients))
        do {
            WebQuery.dropEmpty(req)
            var v = Validator()
            let status: ClientStatus? = v.oneOf(query["status"], "status", allowed: ClientStatus.allCases)
            let search = v.text(query["q"], "q", max: 200)
            try v.check()
            model.clients = try await service.list(status: status, search: search, hidingDeleted: true, try PageRequest(from: req))
        } catch let problem as Problem where problem.status == .unprocessableEntity || problem.status == .badRequest {
            model.problem = problem.errors?.first.map { "\(Formats.label($0.field)) \($0.message)." } ?? problem.detail
        }
        return Layout.response(ClientsListPage.page(model), context: context)
    }

    func new(req: Request) async throws -> Response {
        let service = try await CourierWebServices.clients(req)
        try service.scope.principal.require(.manageClients)
        return try await renderNew(req, service, state: ClientProfileForm.State())
    }

    func create(req: Request) async throws -> Response {
        let service = try await CourierWebServices.clients(req)
        let fields = try req.formFields()
        do {
            var client = try await service.create(ClientProfileForm.newClientInput(fields))
            if fields["invite"] == "true" {
                client = try await service.invite(client)
                return req.redirect(to: ClientsListPage.path(client.id!), flash: "Client “\(client.name)” added; the invitation is on its way to \(client.email).")
            }
            return req.redirect(to: ClientsListPage.path(client.id!), flash: "Client “\(client.name)” added.")
        } catch let problem as Problem where problem.status == .unprocessableEntity || problem.status == .conflict {
            let state = ClientProfileForm.State(values: fields, errors: CourierWebServices.formErrors(problem, fields: ClientProfileForm.fields))
            return try await renderNew(req, service, state: state, status: problem.status)
        }
    }

    func show(req: Request) async throws -> Response {
        let service = try await CourierWebServices.clients(req)
        let client = try await service.require(try req.uuidParameter("id"))
        return try await renderClient(req, service, client, form: ClientProfileForm.State(values: ClientProfileForm.values(of: client)))
    }

    func update(req: Request) async throws -> Response {
        let service = try await CourierWebServices.clients(req)
        let client = try await service.require(try req.uuidParameter("id"))
        let fields = try req.formFields()
        let pendingBefore = client.pendingEmail
        do {
            let saved = try await service.update(client, ClientProfileForm.changeInput(fields))
            let flash = saved.pendingEmail != nil && saved.pendingEmail != pendingBefore
                ? "Client “\(saved.name)” saved. A confirmation link went to \(saved.pendingEmail!); the email changes once it is used."
                : "Client “\(saved.name)” saved."
            return req.redirect(to: ClientsListPage.path(saved.id!), flash: flash)
        } catch let problem as Problem where problem.status == .unprocessableEntity || problem.status == .conflict {
            // The record as stored: a refused change must not show as made.
            let stored = try await service.require(try req.uuidParameter("id"))
            let state = ClientProfileForm.State(values: fields, errors: CourierWebServices.formErrors(problem, fields: ClientProfileForm.fields))
            return try await renderClient(req, service, stored, form: state, status: problem.status)
        }
    }

    func invite(req: Request) async throws -> Response {
        let service = try await CourierWebServices.clients(req)
        let client = try await service.require(try req.uuidParameter("id"))
        do {
            let invited = try await service.invite(client)
            return req.redirect(to: ClientsListPage.path(invited.id!), flash: "Invitation sent to \(invited.email).")
        } catch let problem as Problem where problem.status == .conflict {
            let stored = try await service.require(try req.uuidParameter("id"))
            var state = ClientProfileForm.State(values: ClientProfileForm.values(of: stored))
            state.errors.general.append(problem.detail)
            return try await renderClient(req, service, stored, form: state, status: problem.status)
        }
    }

    func confirmDelete(req: Request) async throws -> Response {
        let service = try await CourierWebServices.clients(req)
        try service.scope.principal.require(.manageClients)
        let context = try req.dashboard
        let client = try await service.require(try req.uuidParameter("id"))
        guard client.clientStatus != .deleted else {
            return req.redirect(to: ClientsListPage.path(client.id!), flash: "Client “\(client.name)” is deleted already.")
        }
        return Layout.response(ClientConfirmPages.delete(client, csrf: context.csrf), context: context)
    }

    func delete(req: Request) async throws -> Response {
        let service = try await CourierWebServices.clients(req)
        let client = try await service.require(try req.uuidParameter("id"))
        try await service.delete(client)
        return req.redirect(to: "/clients", flash: "Client “\(client.name)” deleted: its portal logins no longer work.")
    }

    private func renderNew(_ req: Request, _ service: ClientService, state: ClientProfileForm.State,
                           status: HTTPStatus = .ok) async throws -> Response {
        let context = try req.dashboard
        let teams = try await CourierWebServices.teamChoices(service.scope, on: req.database)
        return Layout.response(ClientConfirmPages.new(state, teams: teams, csrf: context.csrf), context: context, status: status)
    }

    private func renderClient(_ req: Request, _ service: ClientService, _ client: Client, form: ClientProfileForm.State,
                              status: HTTPStatus = .ok) async throws -> Response {
        let context = try req.dashboard
        let principal = service.scope.principal
        let query = WebQuery.values(of: req, keys: Self.pageKeys)
        let timeline = try await service.timeline(client, PageRequest(page: CourierPager.number(query["timeline_page"]),
                                                                      perPage: Self.historyPerPage))
        var orders: Page<Order.Public>?
        if principal.role.allows(.seeOrders) {
            let clientOrders = try OrderAccess(principal).query(on: req.database).filter(\.$clientID == client.requireID())
            orders = try await OrderHistory.page(clientOrders, PageRequest(page: CourierPager.number(query["orders_page"]),
                                                                           perPage: Self.historyPerPage))
        }
        let model = ClientDetailPage.Model(client: client, teams: try await CourierWebServices.teamChoices(service.scope, on: req.database),
                                           canManage: principal.role.allows(.manageClients), form: form, timeline: timeline,
                                           orders: orders, query: query)
        return Layout.response(ClientDetailPage.page(model, csrf: context.csrf), context: context, status: status)
    }
}
