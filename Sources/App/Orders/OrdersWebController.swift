import Fluent
import Vapor

/// Orders and tasks pages. Lists and moves go through the API's handlers and `TaskService`, so each role
/// sees and moves only what the API lets it.
struct OrdersWebController {
    func boot(routes: any RoutesBuilder) {
        routes.get("orders", use: orders)
        routes.get("orders", ":id", use: order)
        routes.post("orders", ":id", "tasks", use: createTask)
        routes.get("tasks", use: tasks)
        routes.post("tasks", ":id", "transitions", use: move)
    }

    func orders(req: Request) async throws -> Response {
        let context = try req.dashboard
        _ = try req.principal.tenant()   // a super admin outside any organization is sent to pick one
        let query = WebQuery.values(of: req, keys: ["q", "status", "payment_status", "page", "cursor"])
        WebQuery.dropEmpty(req)
        do {
            let page = try await OrdersController().list(req: req)
            return Layout.response(OrdersPage.page(page, query: query, problem: nil), context: context)
        } catch let problem as Problem where problem.status == .unprocessableEntity || problem.status == .badRequest {
            let empty = Page<Order.Public>(data: [], page: 1, perPage: 20, total: 0, nextCursor: nil)
            return Layout.response(OrdersPage.page(empty, query: query, problem: problem.detail), context: context)
        }
    }

    func order(req: Request) async throws -> Response {
        try await renderOrder(req, values: [:], errors: FormErrors(), status: .ok)
    }

    func createTask(req: Request) async throws -> Response {
        let principal = try req.principal
        let order = try await OrderAccess(principal).require(try req.uuidParameter("id"), on: req.db)
        let fields = try req.formFields()
        var body: [String: JSONValue] = [:]
        body["type"] = .string(fields["type"] ?? "")
        body["order_id"] = .string(order.id!.uuidString)
        if let customerID = order.customerID { body["customer_id"] = .string(customerID.uuidString) }
        if let address = fields["address_id"], !address.isEmpty {
            body[fields["type"] == "pickup" ? "pickup" : "dropoff"] = .object(["address_id": .string(address)])
        }
        if let notes = fields["notes"], !notes.isEmpty { body["notes"] = .string(notes) }
        if let amount = fields["amount"], !amount.isEmpty { body["amount"] = .string(amount) }
        do {
            _ = try await APIBridge(request: req).call(.POST, body: JSONValue.object(body), TasksController().create)
            return req.redirect(to: "/orders/\(order.id!.canonicalString)", flash: "Task created.")
        } catch let problem as Problem where problem.status == .unprocessableEntity || problem.status == .conflict {
            return try await renderOrder(req, values: fields, errors: FormErrors(problem, fields: OrderPage.taskFields),
                                         status: problem.status)
        }
    }

    func tasks(req: Request) async throws -> Response {
        let context = try req.dashboard
        let query = WebQuery.values(of: req, keys: ["status", "type", "page", "cursor"])
        WebQuery.dropEmpty(req)
        let moves = try await movesContext(req, returnTo: "/tasks?" + Formats.query(query))
        do {
            let page = try await TasksController().list(req: req)
            return Layout.response(TasksPage.page(page, query: query, moves: moves, problem: nil), context: context)
        } catch let problem as Problem where problem.status == .unprocessableEntity || problem.status == .badRequest {
            let empty = Page<DeliveryTask.Public>(data: [], page: 1, perPage: 20, total: 0, nextCursor: nil)
            return Layout.response(TasksPage.page(empty, query: query, moves: moves, problem: problem.detail), context: context)
        }
    }

    func move(req: Request) async throws -> Response {
        let id = try req.uuidParameter("id")
        let fields = try req.formFields()
        var body: [String: JSONValue] = [:]
        body["to"] = .string(fields["to"] ?? "")
        if let agent = fields["agent_id"], !agent.isEmpty { body["agent_id"] = .string(agent) }
        let back = SignInController.safeNext(fields["return_to"] ?? "/tasks")
        do {
            let moved = try await APIBridge(request: req).call(.POST, parameters: ["id": id.uuidString], body: JSONValue.object(body),
                                                               TasksController().move)
            return req.redirect(to: back, flash: "Task moved to \(Formats.label(moved.task.status).lowercased()).")
        } catch let problem as Problem where [.unprocessableEntity, .conflict].contains(problem.status) {
            return req.redirect(to: back, flash: "The task was not moved: \(problem.errors?.first?.message ?? problem.detail).")
        }
    }

    private func renderOrder(_ req: Request, values: [String: String], errors: FormErrors, status: HTTPStatus) async throws -> Response {
        let context = try req.dashboard
        let principal = try req.principal
        let access = try OrderAccess(principal)
        let order = try await access.require(try req.uuidParameter("id"), on: req.db)
        let path = "/orders/\(order.id!.canonicalString)"
        let tasks = try await APIBridge(request: req).call(query: ["order_id": order.id!.uuidString, "per_page": "100"],
                                                           TasksController().list)
        var addresses: [Address] = []
        if let customerID = order.customerID {
            addresses = try await access.tenant.query(Address.self, on: req.db).filter(\.$customerID == customerID)
                .sort(\.$isDefault, .descending).sort(\.$createdAt).all()
        }
        let model = OrderPage.Model(order: order, tasks: tasks.data, addresses: addresses,
                                    canCreateTask: principal.role.allows(.createTasks),
                                    moves: try await movesContext(req, returnTo: path), errors: errors, values: values)
        return Layout.response(OrderPage.page(model), context: context, status: status)
    }

    private func movesContext(_ req: Request, returnTo: String) async throws -> TasksPage.Moves {
        let principal = try req.principal
        let tenant = try principal.tenant()
        let agents = principal.role.allows(.changeTasks)
            ? try await tenant.query(User.self, on: req.db).filter(\.$role == .agent).filter(\.$disabled == false).sort(\.$name).all()
            : []
        return TasksPage.Moves(principal: principal, csrf: try req.dashboard.csrf, agents: agents, returnTo: returnTo)
    }
}
