import Fluent
import Vapor

/// Orders and tasks pages. Lists and moves go through the API's handlers and `TaskService`, so each role
/// sees and moves only what the API lets it.
struct OrdersWebController {
    func boot(routes: any RoutesBuilder) {
        routes.get("orders", use: orders)
        routes.get("orders", "new", use: newOrder)
        routes.post("orders", use: createOrder)
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
            let access = try OrderAccess(try req.principal)
            let orders = access.query(on: req.database)
            try OrderFilters(from: req).apply(to: orders)
            let page = try await OrderHistory.page(orders, try PageRequest(from: req))
            return Layout.response(OrdersPage.page(page, query: query, problem: nil, canCreate: try req.principal.role.allows(.writeCustomers)),
                                   context: context)
        } catch let problem as Problem where problem.status == .unprocessableEntity || problem.status == .badRequest {
            let empty = Page<Order.Public>(data: [], page: 1, perPage: 20, total: 0, nextCursor: nil)
            return Layout.response(OrdersPage.page(empty, query: query, problem: problem.detail,
                                                   canCreate: try req.principal.role.allows(.writeCustomers)), context: context)
        }
    }

    /// The new-order form; `customer_q` searches the customers (as the list does), `customer_id` preselects one.
    func newOrder(req: Request) async throws -> Response {
        var values: [String: String] = [:]
        for key in NewOrderPage.inputs.union(["customer_mode"]) {
            if let value = req.query[String.self, at: key] { values[key] = value }
        }
        return try await renderNew(req, values: values, errors: FormErrors(), status: .ok)
    }

    func createOrder(req: Request) async throws -> Response {
        let service = try await OrderService.make(for: req)
        try service.access.principal.require(.writeCustomers)
        let fields = try req.formFields()
        do {
            let body = NewOrderPage.body(fields)
            if (fields["customer_mode"] ?? "existing") == "existing", body["customer_id"] == nil {
                throw Problem.invalid("customer_id", "choose a customer: find one by name, phone or email, or create a new one")
            }
            let order = try await service.create(try JSONValue.object(body).decoded(as: Order.Input.self))
            return req.redirect(to: "/orders/\(order.id!.canonicalString)", flash: "Order \(order.number) created.")
        } catch let problem as Problem where problem.status == .unprocessableEntity || problem.status == .conflict {
            return try await renderNew(req, values: fields, errors: NewOrderPage.errors(problem), status: problem.status)
        }
    }

    private func renderNew(_ req: Request, values: [String: String], errors: FormErrors, status: HTTPStatus) async throws -> Response {
        let context = try req.dashboard
        let principal = try req.principal
        try principal.require(.writeCustomers)
        let access = try CustomerAccess(principal)
        var model = NewOrderPage.Model(values: values, errors: errors, currency: context.organization?.currency ?? "USD",
                                       canCreateGuests: principal.role != .guest)
        if let q = values["customer_q"]?.trimmingCharacters(in: .whitespaces), !q.isEmpty {
            model.searched = true
            do {
                let parameters = try CustomerListParameters(timezone: .gmt) { $0 == "q" ? q : nil }
                model.matches = try await CustomerSearch(database: req.database, access: access)
                    .run(parameters, page: PageRequest(page: 1, perPage: NewOrderPage.maxMatches)).customers
            } catch let problem as Problem where problem.status == .unprocessableEntity {
                model.errors.byField["customer_q"] = problem.errors?.first?.message ?? problem.detail
            }
        } else if let id = values["customer_id"].flatMap(UUID.init(uuidString:)), let customer = try await access.find(id, on: req.database) {
            model.matches = [customer]
        }
        return Layout.response(NewOrderPage.page(model, csrf: context.csrf), context: context, status: status)
    }

    func order(req: Request) async throws -> Response {
        try await renderOrder(req, values: [:], errors: FormErrors(), status: .ok)
    }

    func createTask(req: Request) async throws -> Response {
        let principal = try req.principal
        let order = try await OrderAccess(principal).require(try req.uuidParameter("id"), on: req.database)
        let fields = try req.formFields()
        var body: [String: JSONValue] = [:]
        body["type"] = .string(fields["type"] ?? "")
        body["order_id"] = .string(order.id!.canonicalString)
        if let customerID = order.customerID { body["customer_id"] = .string(customerID.canonicalString) }
        if let address = fields["address_id"], !address.isEmpty {
            body[fields["type"] == "pickup" ? "pickup" : "dropoff"] = .object(["address_id": .string(address)])
        }
        if let notes = fields["notes"], !notes.isEmpty { body["notes"] = .string(notes) }
        if let amount = fields["amount"], !amount.isEmpty { body["amount"] = .string(amount) }
        if let team = fields["team_id"], !team.isEmpty { body["team_id"] = .string(team) }
        do {
            let service = try await TaskService.make(for: req)
            try principal.require(.createTasks)
            _ = try await service.create(try JSONValue.object(body).decoded(as: DeliveryTask.Input.self))
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
            let access = try TaskAccess(try req.principal)
            let tasks = access.query(on: req.database)
            try TaskFilters(from: req).apply(to: tasks)
            let page = try await TaskHistory.page(tasks, try PageRequest(from: req), tenant: access.tenant, on: req.database)
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
            let service = try await TaskService.make(for: req)
            let task = try await service.access.require(id, on: req.database)
            let moved = try await service.move(task, try JSONValue.object(body).decoded(as: DeliveryTask.TransitionInput.self))
            return req.redirect(to: back, flash: "Task moved to \(Formats.label(moved.status).lowercased()).")
        } catch let problem as Problem where [.unprocessableEntity, .conflict].contains(problem.status) {
            return req.redirect(to: back, flash: "The task was not moved: \(problem.errors?.first?.message ?? problem.detail).")
        }
    }

    private func renderOrder(_ req: Request, values: [String: String], errors: FormErrors, status: HTTPStatus) async throws -> Response {
        let context = try req.dashboard
        let principal = try req.principal
        let access = try OrderAccess(principal)
        let order = try await access.require(try req.uuidParameter("id"), on: req.database)
        let path = "/orders/\(order.id!.canonicalString)"
        let taskAccess = try TaskAccess(principal)
        let tasks = try await TaskHistory.page(taskAccess.query(on: req.database).filter(\.$orderID == order.id!),
                                               PageRequest(page: 1, perPage: PageRequest.maxPerPage), tenant: taskAccess.tenant, on: req.database)
        var addresses: [Address] = []
        if let customerID = order.customerID {
            addresses = try await access.tenant.query(Address.self, on: req.database).filter(\.$customerID == customerID)
                .sort(\.$isDefault, .descending).sort(\.$createdAt).all()
        }
        let canCreateTask = principal.role.allows(.createTasks)
        // Teams exist only in a courier organization; the select shows once it has one.
        let teams = canCreateTask && context.organization?.courier == true
            ? try await access.tenant.query(Team.self, on: req.database).sort(\.$nameKey).limit(500).all() : []
        let model = OrderPage.Model(order: order, tasks: tasks.data, addresses: addresses, teams: teams, canCreateTask: canCreateTask,
                                    moves: try await movesContext(req, returnTo: path), errors: errors, values: values)
        return Layout.response(OrderPage.page(model), context: context, status: status)
    }

    private func movesContext(_ req: Request, returnTo: String) async throws -> TasksPage.Moves {
        let principal = try req.principal
        let tenant = try principal.tenant()
        let agents = principal.role.allows(.changeTasks)
            ? try await tenant.query(User.self, on: req.database).filter(\.$role == .agent).filter(\.$disabled == false).sort(\.$name).all()
            : []
        return TasksPage.Moves(principal: principal, csrf: try req.dashboard.csrf, agents: agents, returnTo: returnTo)
    }
}
