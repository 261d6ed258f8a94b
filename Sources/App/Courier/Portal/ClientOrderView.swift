import Vapor

/// An order as its client sees it: number, its own reference, the recipient it gave, and the job with its pickup and
/// delivery tasks and their live status.
struct ClientOrderView: Content {
    let id: UUID
    let number: String
    @NullEncoded var reference: String?
    let status: String
    let recipient: Recipient
    /// The job's status: the order's progress as a whole.
    @NullEncoded var deliveryStatus: String?
    @NullEncoded var trackingUrl: String?
    let tasks: [ClientTaskView]
    let createdAt: Date?

    struct Recipient: Content {
        @NullEncoded var name: String?
        @NullEncoded var phone: String?
        @NullEncoded var email: String?
    }

    enum CodingKeys: String, CodingKey {
        case id, number, reference, status, recipient, tasks
        case deliveryStatus = "delivery_status", trackingUrl = "tracking_url", createdAt = "created_at"
    }

    /// `tasks` in the order job, pickup, delivery.
    init(_ order: Order, tasks: [ClientTaskView]) {
        id = order.id!
        number = order.number
        reference = order.receiptNumber
        status = order.status
        recipient = Recipient(name: order.contactName, phone: order.contactPhone, email: order.contactEmail)
        let rank = ["job": 0, "pickup": 1, "delivery": 2]
        let sorted = tasks.sorted { (rank[$0.type] ?? 3, $0.createdAt ?? .distantPast) < (rank[$1.type] ?? 3, $1.createdAt ?? .distantPast) }
        deliveryStatus = sorted.first { $0.type == TaskType.delivery.rawValue }?.status
        trackingUrl = sorted.first { $0.type == TaskType.delivery.rawValue }?.trackingUrl
        self.tasks = sorted
        createdAt = order.createdAt
    }
}
