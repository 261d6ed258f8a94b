import Vapor

/// The client's orders: `GET /client` (the list), `GET /client/orders/new` (the form), `POST /client/orders`,
/// `GET /client/orders/{id}`. Thin: `ClientPortalReader` and `ClientOrderService` do the work, as for the API; another
/// client's order is the same 404 as one that does not exist.
struct ClientOrdersWebController {
    func boot(routes: any RoutesBuilder) {
        routes.get(use: list)
        routes.get("orders", "new", use: newOrder)
        routes.post("orders", use: create)
        routes.get("orders", ":id", use: show)
    }

    func list(req: Request) async throws -> Response {
        let context = try req.clientPortal
        let time = ClientPortalWebRoutes.time(context)
        let query = WebQuery.values(of: req, keys: ClientOrdersPage.keys)
        WebQuery.dropEmpty(req)
        do {
            var v = Validator()
            let status: OrderStatus? = v.oneOf(req.query[String.self, at: "status"], "status", allowed: OrderStatus.allCases)
            try v.check()
            let orders = try await ClientPortalWebRoutes.reader(req).orders(try PageRequest(from: req), status: status)
            return PortalLayout.response(ClientOrdersPage.page(orders, query: query, problem: nil, time: time), context: context)
        } catch let problem as Problem where problem.status == .unprocessableEntity || problem.status == .badRequest {
            return PortalLayout.response(ClientOrdersPage.page(nil, query: query, problem: problem.detail, time: time), context: context,
                                         status: problem.status)
        }
    }

    func show(req: Request) async throws -> Response {
        let context = try req.clientPortal
        let order = try await ClientPortalWebRoutes.reader(req).order(try req.uuidParameter("id"))
        return PortalLayout.response(ClientOrderPage.page(order, time: ClientPortalWebRoutes.time(context)), context: context)
    }

    func newOrder(req: Request) async throws -> Response {
        try render(req, ClientOrderForm.State(), status: .ok)
    }

    func create(req: Request) async throws -> Response {
        let context = try req.clientPortal
        let fields = try req.formFields()
        let service = try await ClientOrderService.make(for: req)
        do {
            let input = try ClientOrderForm.input(fields, time: ClientPortalWebRoutes.time(context),
                                                  defaultCountry: context.organization.defaultCountry)
            let placed = try await service.create(input)
            return req.redirect(to: "/client/orders/\(placed.order.id!.canonicalString)",
                                flash: "Order \(placed.order.number) is placed: its pickup and delivery are waiting for a driver.")
        } catch let problem as Problem where problem.status == .unprocessableEntity || problem.status == .conflict {
            let state = ClientOrderForm.State(values: fields, errors: PortalFormErrors.make(problem, fields: ClientOrderForm.fields))
            return try render(req, state, status: problem.status)
        }
    }

    private func render(_ req: Request, _ state: ClientOrderForm.State, status: HTTPStatus) throws -> Response {
        let context = try req.clientPortal
        let page = ClientNewOrderPage.page(state, timeZone: context.organization.timezone, csrf: context.csrf)
        return PortalLayout.response(page, context: context, status: status)
    }
}
