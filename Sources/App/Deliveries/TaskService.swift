import Fluent
import SQLKit
import Vapor

/// Creating tasks (locations copied from saved addresses or given inline) and moving them through
/// their life cycle, each move recorded with who and when.
struct TaskService {
    let database: any Database
    let access: TaskAccess
    let organization: Organization
    let outbox: OutboxConfig
    /// Where the change came from (`api`, `dashboard`), for timeline entries of skipped notifications.
    let source: String

    var tenant: Tenant { access.tenant }

    static func make(for req: Request) async throws -> TaskService {
        let access = try TaskAccess(try req.principal)
        guard let organization = try await req.organization(access.tenant.organizationID) else {
            throw Problem.notFound("organization")
        }
        return TaskService(database: req.database, access: access, organization: organization, outbox: req.application.config.outbox,
                           source: req.url.path.hasPrefix("/api/") ? "api" : "dashboard")
    }

    func create(_ input: DeliveryTask.Input) async throws -> DeliveryTask {
        let task = DeliveryTask()
        task.id = UUID.timeOrdered()
        task.organizationID = tenant.organizationID
        task.status = TaskStatus.new.rawValue
        task.version = 1
        task.trackingCode = DeliveryTask.newTrackingCode()
        var v = Validator()
        let type: TaskType? = v.oneOf(input.type.value, "type", allowed: TaskType.allCases, required: true)
        if case .null = input.type { v.add("type", "is required") }
        if let type { task.type = type.rawValue }
        try await TaskInputReader(database: database, tenant: tenant, organization: organization)
            .apply(input, to: task, type: type, isCreate: true, &v)
        try v.check()
        if access.principal.role == .guest {
            guard let customerID = task.customerID,
                  try await tenant.query(Customer.self, on: database).filter(\.$id == customerID)
                    .filter(\.$managedByID == access.principal.userID).count() == 1
            else {
                // As for orders: another's customer is one the guest user cannot see, not one it may not use.
                throw Problem.invalid("customer_id", "no customer of this organization that you manage has this id")
            }
            // Its order too must be one the guest user sees (an order of a customer it manages).
            if let orderID = task.orderID,
               try await OrderAccess(access.principal).query(on: database).filter(\.$id == orderID).count() != 1 {
                throw Problem.invalid("order_id", "no order of this organization has this id")
            }
        }
        let created = try await notifications.prepare(.taskCreated, task: task)
        try await WriteTransaction.run(on: database) { db in
            try await task.create(on: db)
            try await created.write(on: db, actor: actor)
        }
        OutboxSignal.shared.wake()
        return task
    }

    func update(_ task: DeliveryTask, _ input: DeliveryTask.Input) async throws -> DeliveryTask {
        if TaskStatus(rawValue: task.status)?.isTerminal == true {
            throw Problem.conflict("A \(task.status) task cannot be changed", field: "status")
        }
        if !input.type.isAbsent, input.type.value != task.type { throw Problem.invalid("type", "cannot be changed") }
        var v = Validator()
        try await TaskInputReader(database: database, tenant: tenant, organization: organization)
            .apply(input, to: task, type: TaskType(rawValue: task.type), isCreate: false, &v)
        try v.check()
        guard task.hasChanges else { return task }
        task.version += 1
        try await WriteTransaction.run(on: database) { try await task.save(on: $0) }
        return task
    }

    /// Moves a task; any move the life cycle does not allow is 409 naming both statuses.
    func move(_ task: DeliveryTask, _ input: DeliveryTask.TransitionInput) async throws -> DeliveryTask {
        var v = Validator()
        let next: TaskStatus? = v.oneOf(input.to, "to", allowed: TaskStatus.allCases, required: true)
        let reason = v.text(input.reason, "reason", max: 500)
        try v.check()
        let current = TaskStatus(rawValue: task.status) ?? .new
        guard let next, current.canMove(to: next) else {
            throw Problem(.conflict, type: ProblemType.conflict,
                          detail: "A task cannot move from \(current.rawValue) to \(input.to)",
                          errors: [.init(field: "to", message: "\(current.rawValue) cannot move to \(input.to)")])
        }
        let principal = access.principal
        if principal.role == .agent, !(task.agentID == principal.userID && current.agentMayMove(to: next)) {
            throw Problem.forbidden("An agent accepts, rejects, starts and completes its own tasks only")
        }
        if principal.role == .guest { throw Problem.forbidden("Guest users do not move tasks") }
        let linked = LinkedTaskMoves(database: database, tenant: tenant, notifications: notifications)
        try await linked.check(task, to: next)
        if next == .assigned {
            let agentID = input.agentID ?? task.agentID
            guard let agentID, try await tenant.query(User.self, on: database).filter(\.$id == agentID)
                .filter(\.$role == .agent).filter(\.$disabled == false).count() == 1
            else { throw Problem.invalid("agent_id", "assigning needs an active agent of this organization") }
            task.agentID = agentID
        }
        if current == .assigned && next == .awaitingAssignment { task.agentID = nil }
        if next == .completed { task.completedAt = Date() }
        task.status = next.rawValue
        let expectedVersion = task.version
        task.version += 1
        let transition = TaskTransition()
        transition.organizationID = tenant.organizationID
        transition.taskID = try task.requireID()
        transition.fromStatus = current.rawValue
        transition.toStatus = next.rawValue
        transition.reason = reason
        transition.actorUserID = principal.userID
        transition.actorName = principal.user.name
        transition.createdAt = Date()
        let raised = try await NotificationEvent(movedTo: next).asyncMap { try await notifications.prepare($0, task: task) }
        let followUps = try await linked.followUps(task, to: next)
        let actor = self.actor
        try await WriteTransaction.run(on: database) { db in
            // Only one of two racing moves from the same status wins.
            let moved = try await SQLRows.all("""
                UPDATE tasks SET version = version + 1 WHERE id = \(bind: task.id!) AND organization_id = \(bind: task.organizationID)
                AND version = \(bind: expectedVersion) AND status = \(bind: current.rawValue) RETURNING version
                """, on: try db.sql)
            guard !moved.isEmpty else {
                throw Problem.conflict("The task was moved by someone else; read it again", field: "to")
            }
            try await task.save(on: db)
            try await transition.create(on: db)
            try await raised?.write(on: db, actor: actor)
            try await LinkedTaskMoves.write(followUps, on: db, principal: principal, actor: actor)
        }
        OutboxSignal.shared.wake()
        return task
    }

    /// The notifications of this task's events.
    private var notifications: TaskNotifications {
        TaskNotifications(database: database, organization: organization, config: outbox)
    }

    private var actor: Actor { Actor.user(access.principal.user, source: source) }
}
