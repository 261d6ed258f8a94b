/// The task life cycle: new → awaiting_assignment → assigned → accepted → in_transit → completed,
/// assigned → awaiting_assignment when an agent rejects, cancelled from any status that has not ended.
enum TaskStatus: String, CaseIterable, Sendable {
    case new
    case awaitingAssignment = "awaiting_assignment"
    case assigned, accepted
    case inTransit = "in_transit"
    case completed, cancelled

    var isTerminal: Bool { self == .completed || self == .cancelled }

    var allowedMoves: [TaskStatus] {
        switch self {
        case .new: return [.awaitingAssignment, .cancelled]
        case .awaitingAssignment: return [.assigned, .cancelled]
        case .assigned: return [.accepted, .awaitingAssignment, .cancelled]
        case .accepted: return [.inTransit, .cancelled]
        case .inTransit: return [.completed, .cancelled]
        case .completed, .cancelled: return []
        }
    }

    func canMove(to next: TaskStatus) -> Bool { allowedMoves.contains(next) }

    /// The moves an agent makes on its own task: accept or reject, set off, deliver.
    func agentMayMove(to next: TaskStatus) -> Bool {
        switch (self, next) {
        case (.assigned, .accepted), (.assigned, .awaitingAssignment), (.accepted, .inTransit), (.inTransit, .completed): return true
        default: return false
        }
    }
}

enum TaskType: String, CaseIterable, Sendable {
    case job, pickup, delivery
    case cashCollection = "cash_collection"
    case cashDrop = "cash_drop"

    var handlesCash: Bool { self == .cashCollection || self == .cashDrop }
}
