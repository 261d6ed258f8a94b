import Fluent
import SQLKit
import Vapor

/// The moves that a job's tasks make together: assigning a job, or its pickup, gives its still unassigned tasks to the
/// same agent; a delivery is completed only after its pickup; cancelling a job cancels its open tasks; a job ends
/// (completed, or cancelled when none was completed) when all its tasks have ended.
/// The follow-up moves are written in the transaction of the move that causes them, each recorded like any move.
struct LinkedTaskMoves {
    let database: any Database
    let tenant: Tenant
    let notifications: TaskNotifications

    /// One move that follows another.
    struct FollowUp: Sendable {
        let task: DeliveryTask
        let from: TaskStatus
        let to: TaskStatus
        let reason: String
        let raised: TaskNotifications.Prepared?
        /// The agent it is given to (a move to `assigned`).
        var agentID: UUID? = nil
    }

    /// 409 when `task` may not move to `next` because of the task it is linked to.
    func check(_ task: DeliveryTask, to next: TaskStatus) async throws {
        guard next == .completed, task.type == TaskType.delivery.rawValue, let parentID = task.parentID else { return }
        let pickups = try await tenant.query(DeliveryTask.self, on: database).filter(\.$parentID == parentID)
            .filter(\.$type == TaskType.pickup.rawValue).all()
        for pickup in pickups {
            if let refusal = LinkedTaskRules.deliveryCompletionRefusal(pickupStatus: pickup.status) {
                throw Problem(.conflict, type: ProblemType.conflict, detail: "This delivery cannot be completed: \(refusal)",
                              errors: [.init(field: "to", message: refusal)])
            }
        }
    }

    /// The moves that follow `task` moving to `next`.
    func followUps(_ task: DeliveryTask, to next: TaskStatus) async throws -> [FollowUp] {
        let taskID = try task.requireID()
        if task.type == TaskType.job.rawValue, next == .cancelled {
            let children = try await tenant.query(DeliveryTask.self, on: database).filter(\.$parentID == taskID).all()
            return try await children.asyncCompactMap { child -> FollowUp? in
                guard let from = TaskStatus(rawValue: child.status), !from.isTerminal else { return nil }
                child.status = TaskStatus.cancelled.rawValue
                let raised = try await notifications.prepare(.taskCancelled, task: child)
                return FollowUp(task: child, from: from, to: .cancelled, reason: "its job was cancelled", raised: raised)
            }
        }
        if next == .assigned, let agentID = task.agentID, task.type == TaskType.job.rawValue || task.type == TaskType.pickup.rawValue {
            let linked = task.type == TaskType.job.rawValue
                ? tenant.query(DeliveryTask.self, on: database).filter(\.$parentID == taskID)
                : tenant.query(DeliveryTask.self, on: database).filter(\.$parentID == task.parentID ?? taskID)
                    .filter(\.$type == TaskType.delivery.rawValue)
            guard task.type == TaskType.job.rawValue || task.parentID != nil else { return [] }
            let waiting = try await linked.filter(\.$status == TaskStatus.awaitingAssignment.rawValue).filter(\.$agentID == nil).all()
            return waiting.map { other in
                other.status = TaskStatus.assigned.rawValue
                other.agentID = agentID
                return FollowUp(task: other, from: .awaitingAssignment, to: .assigned,
                                reason: task.type == TaskType.job.rawValue ? "its job was assigned" : "its pickup was assigned",
                                raised: nil, agentID: agentID)
            }
        }
        guard next.isTerminal, let parentID = task.parentID,
              let job = try await tenant.query(DeliveryTask.self, on: database).filter(\.$id == parentID).first(),
              let jobStatus = TaskStatus(rawValue: job.status), !jobStatus.isTerminal
        else { return [] }
        let siblings = try await tenant.query(DeliveryTask.self, on: database).filter(\.$parentID == parentID).filter(\.$id != taskID).all()
        guard let outcome = LinkedTaskRules.jobOutcome(childStatuses: siblings.map(\.status) + [next.rawValue]).flatMap(TaskStatus.init)
        else { return [] }
        job.status = outcome.rawValue
        return [FollowUp(task: job, from: jobStatus, to: outcome, reason: "all its tasks have ended", raised: nil)]
    }

    /// Writes the follow-ups in the transaction `db`: each moves only from the status it was read in.
    static func write(_ followUps: [FollowUp], on db: any Database, principal: Principal, actor: Actor) async throws {
        let sql = try db.sql
        for followUp in followUps {
            let now = Date()
            let completedAt: Date? = followUp.to == .completed ? now : nil
            let moved = try await SQLRows.all("""
                UPDATE tasks SET status = \(bind: followUp.to.rawValue), version = version + 1, updated_at = \(bind: now),
                completed_at = COALESCE(\(bind: completedAt), completed_at), agent_id = COALESCE(\(bind: followUp.agentID), agent_id)
                WHERE id = \(bind: followUp.task.requireID()) AND organization_id = \(bind: followUp.task.organizationID)
                AND status = \(bind: followUp.from.rawValue) RETURNING id
                """, on: sql)
            guard !moved.isEmpty else { continue }
            let transition = TaskTransition()
            transition.organizationID = followUp.task.organizationID
            transition.taskID = try followUp.task.requireID()
            transition.fromStatus = followUp.from.rawValue
            transition.toStatus = followUp.to.rawValue
            transition.reason = followUp.reason
            transition.actorUserID = principal.userID
            transition.actorName = principal.user.name
            transition.createdAt = now
            try await transition.create(on: db)
            try await followUp.raised?.write(on: db, actor: actor)
        }
    }
}

extension Array {
    func asyncCompactMap<T>(_ transform: (Element) async throws -> T?) async rethrows -> [T] {
        var results: [T] = []
        for element in self { if let value = try await transform(element) { results.append(value) } }
        return results
    }
}
