import Vapor

/// A task as its client sees it: what, where, when, its status and the driver's name — nothing of the courier's
/// internals (no customer record, team or staff notes beyond the client's own).
struct ClientTaskView: Content {
    let id: UUID
    let type: String
    let status: String
    @NullEncoded var parentId: UUID?
    @NullEncoded var orderId: UUID?
    @NullEncoded var orderNumber: String?
    @NullEncoded var pickup: TaskLocation?
    @NullEncoded var dropoff: TaskLocation?
    let pickupWindow: Window
    let dropoffWindow: Window
    @NullEncoded var recipientName: String?
    @NullEncoded var driverName: String?
    @NullEncoded var notes: String?
    @NullEncoded var trackingUrl: String?
    @NullEncoded var completedAt: Date?
    let createdAt: Date?
    let updatedAt: Date?

    struct Window: Content {
        @NullEncoded var start: Date?
        @NullEncoded var end: Date?
    }

    enum CodingKeys: String, CodingKey {
        case id, type, status, pickup, dropoff, notes
        case parentId = "parent_id", orderId = "order_id", orderNumber = "order_number", pickupWindow = "pickup_window"
        case dropoffWindow = "dropoff_window", recipientName = "recipient_name", driverName = "driver_name"
        case trackingUrl = "tracking_url", completedAt = "completed_at", createdAt = "created_at", updatedAt = "updated_at"
    }

    init(_ task: DeliveryTask, orderNumber: String?, driverName: String?, publicURL: String) {
        id = task.id!
        type = task.type
        status = task.status
        parentId = task.parentID
        orderId = task.orderID
        self.orderNumber = orderNumber
        pickup = TaskLocation.decode(task.pickupJSON)
        dropoff = TaskLocation.decode(task.dropoffJSON)
        pickupWindow = Window(start: task.pickupAfter, end: task.pickupBefore)
        dropoffWindow = Window(start: task.dropoffAfter, end: task.dropoffBefore)
        recipientName = task.type == TaskType.pickup.rawValue ? nil : task.contactName
        self.driverName = driverName
        notes = task.notes
        trackingUrl = task.type == TaskType.delivery.rawValue ? task.trackingCode.map { "\(publicURL)/track/\($0)" } : nil
        completedAt = task.completedAt
        createdAt = task.createdAt
        updatedAt = task.updatedAt
    }
}
