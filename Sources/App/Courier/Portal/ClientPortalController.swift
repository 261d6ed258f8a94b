import Vapor

/// The client portal's API, for client users: `POST, GET /client/orders`, `GET /client/orders/{id}`,
/// `GET /client/tasks`, `GET /client/tasks/{id}`, `GET, PATCH /client/settings`.
struct ClientPortalController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("orders", use: createOrder)
        routes.get("orders", use: orders)
        routes.get("orders", ":id", use: order)
        routes.get("tasks", use: tasks)
        routes.get("tasks", ":id", use: task)
        routes.get("settings", use: settings)
        routes.patch("settings", use: updateSettings)
    }

    func createOrder(req: Request) async throws -> Response {
        let service = try await ClientOrderService.make(for: req)
        return try await IdempotentRequest.respond(to: req) {
            let placed = try await service.create(try req.decodeJSON(ClientOrderInput.self))
            let reader = try await reader(req, scope: service.scope)
            let view = try await reader.present([placed.order], tasks: placed.tasks)[0]
            return try await view.created(at: "/api/v1/client/orders/\(placed.order.id!.canonicalString)", for: req)
        }
    }

    func orders(req: Request) async throws -> Page<ClientOrderView> {
        var v = Validator()
        let status: OrderStatus? = v.oneOf(req.query[String.self, at: "status"], "status", allowed: OrderStatus.allCases)
        try v.check()
        return try await reader(req).orders(try PageRequest(from: req), status: status)
    }

    func order(req: Request) async throws -> ClientOrderView {
        try await reader(req).order(try req.uuidParameter("id"))
    }

    func tasks(req: Request) async throws -> Page<ClientTaskView> {
        try await reader(req).tasks(try PageRequest(from: req), filters: try TaskFilters(from: req))
    }

    func task(req: Request) async throws -> ClientTaskView {
        try await reader(req).task(try req.uuidParameter("id"))
    }

    func settings(req: Request) async throws -> JSONValue {
        try await ClientPortalScope.make(for: req).client.settings.json
    }

    func updateSettings(req: Request) async throws -> JSONValue {
        let scope = try await ClientPortalScope.make(for: req)
        let update = ClientSettingsUpdate(req, scope: scope)
        return try await update.apply(try req.decodeJSON(JSONValue.self)).json
    }

    private func reader(_ req: Request, scope known: ClientPortalScope? = nil) async throws -> ClientPortalReader {
        var scope = known
        if scope == nil { scope = try await ClientPortalScope.make(for: req) }
        return ClientPortalReader(database: req.database, scope: scope!, publicURL: req.application.config.outbox.publicURL)
    }
}
