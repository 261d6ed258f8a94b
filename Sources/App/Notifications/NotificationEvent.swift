/// What a notification is about. The task events form the organization's matrix (SPEC "Notifications"); `marketing`
/// is a message staff send (`POST /messages`), outside the matrix.
enum NotificationEvent: String, CaseIterable, Sendable, Codable {
    case taskCreated = "task_created"
    case taskAccepted = "task_accepted"
    case taskInTransit = "task_in_transit"
    case taskCompleted = "task_completed"
    case taskCancelled = "task_cancelled"
    case marketing
    /// Account emails of a courier's client: the invitation, and the confirmation of a new address.
    case clientInvitation = "client_invitation"
    case clientEmailChange = "client_email_change"

    /// The events of a task's life that may notify its customer, in the order they happen.
    static let taskEvents: [NotificationEvent] = [.taskCreated, .taskAccepted, .taskInTransit, .taskCompleted, .taskCancelled]

    /// The event a move to `status` raises, if any (a task's other moves notify nobody).
    init?(movedTo status: TaskStatus) {
        switch status {
        case .accepted: self = .taskAccepted
        case .inTransit: self = .taskInTransit
        case .completed: self = .taskCompleted
        case .cancelled: self = .taskCancelled
        case .new, .awaitingAssignment, .assigned: return nil
        }
    }

    /// How staff read it in the dashboard.
    var label: String {
        switch self {
        case .taskCreated: "Task created"
        case .taskAccepted: "Task accepted"
        case .taskInTransit: "In transit"
        case .taskCompleted: "Completed"
        case .taskCancelled: "Cancelled"
        case .marketing: "Marketing message"
        case .clientInvitation: "Client invitation"
        case .clientEmailChange: "Client email confirmation"
        }
    }
}
