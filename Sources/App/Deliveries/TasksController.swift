import Fluent
import Vapor

/// Delivery tasks: list, create, read, change, and status moves.
struct TasksController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let tasks = routes.grouped("tasks")
        tasks.get(use: list)
        tasks.post(use: create)
        tasks.get(":id", use: show)
        tasks.patch(":id", use: update)
        tasks.post(":id", "transitions", use: transition)
        tasks.get(":id", "transitions", use: transitions)
    }

    func list(req: Request) async throws -> Page<DeliveryTask.Public> {
        let access = try TaskAccess(try req.principal)
        let query = access.query(on: req.database)
        try TaskFilters(from: req).apply(to: query)
        return try await TaskHistory.page(query, try PageRequest(from: req), tenant: access.tenant, on: req.database)
    }

    func create(req: Request) async throws -> Response {
        let service = try await TaskService.make(for: req)
        try service.access.principal.require(.createTasks)
        return try await IdempotentRequest.respond(to: req) {
            let task = try await service.create(try req.decodeJSON(DeliveryTask.Input.self))
            return try await present(task, service.access, req).created(at: "/api/v1/tasks/\(task.id!.canonicalString)", for: req)
        }
    }

    func show(req: Request) async throws -> DeliveryTask.Public {
        let access = try TaskAccess(try req.principal)
        return try await present(try await access.require(try req.uuidParameter("id"), on: req.database), access, req)
    }

    func update(req: Request) async throws -> DeliveryTask.Public {
        let service = try await TaskService.make(for: req)
        let task = try await service.access.require(try req.uuidParameter("id"), on: req.database)
        try service.access.principal.require(.changeTasks)
        return try await present(try await service.update(task, try req.decodeJSON(DeliveryTask.Input.self)), service.access, req)
    }

    func transition(req: Request) async throws -> Response {
        let service = try await TaskService.make(for: req)
        let task = try await service.access.require(try req.uuidParameter("id"), on: req.database)
        return try await IdempotentRequest.respond(to: req) {
            try await move(task, service: service, req: req).encodeResponse(for: req)
        }
    }

    private func move(_ task: DeliveryTask, service: TaskService, req: Request) async throws -> DeliveryTask.Public {
        let moved = try await service.move(task, try req.decodeJSON(DeliveryTask.TransitionInput.self))
        return try await present(moved, service.access, req)
    }

    func transitions(req: Request) async throws -> Page<TaskTransition.Public> {
        let access = try TaskAccess(try req.principal)
        let task = try await access.require(try req.uuidParameter("id"), on: req.database)
        let page = try PageRequest(from: req)
        let query = access.tenant.query(TaskTransition.self, on: req.database).filter(\.$taskID == (try task.requireID()))
        let total = try await query.copy().count()
        let moves = try await query.sort(\.$createdAt).sort(\.$id).offset(page.offset).limit(page.perPage).all()
        return Page(moves.map(TaskTransition.Public.init), total: total, nextCursor: nil, request: page)
    }

    private func present(_ task: DeliveryTask, _ access: TaskAccess, _ req: Request) async throws -> DeliveryTask.Public {
        DeliveryTask.Public(task, names: try await TaskAccess.names(of: [task], tenant: access.tenant, on: req.database))
    }
}

extension TaskTransition {
    struct Public: Content {
        let id: UUID
        let from: String
        let to: String
        @NullEncoded var reason: String?
        @NullEncoded var actorUserId: UUID?
        @NullEncoded var actorName: String?
        let createdAt: Date

        enum CodingKeys: String, CodingKey {
            case id, from, to, reason
            case actorUserId = "actor_user_id", actorName = "actor_name", createdAt = "created_at"
        }

        init(_ move: TaskTransition) {
            id = move.id!
            from = move.fromStatus
            to = move.toStatus
            reason = move.reason
            actorUserId = move.actorUserID
            actorName = move.actorName
            createdAt = move.createdAt
        }
    }
}
