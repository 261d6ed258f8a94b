import Fluent
import Vapor

/// `status`, `channel`, `event`, `customer_id`, `task_id` of the notification list.
struct NotificationFilters {
    var status: NotificationStatus?
    var channel: NotificationChannel?
    var event: NotificationEvent?
    var customerID: UUID?
    var taskID: UUID?
    /// Leaves out one status (the dashboard lists the failed ones in a section of their own).
    var excludedStatus: NotificationStatus?

    init(status: NotificationStatus? = nil, channel: NotificationChannel? = nil, customerID: UUID? = nil) {
        self.status = status
        self.channel = channel
        self.customerID = customerID
    }

    init(from req: Request) throws {
        var v = Validator()
        status = v.oneOf(req.query[String.self, at: "status"], "status", allowed: NotificationStatus.allCases)
        channel = v.oneOf(req.query[String.self, at: "channel"], "channel", allowed: NotificationChannel.allCases)
        event = v.oneOf(req.query[String.self, at: "event"], "event", allowed: NotificationEvent.allCases)
        func uuid(_ name: String) -> UUID? {
            guard let raw = req.query[String.self, at: name] else { return nil }
            if let id = UUID(uuidString: raw) { return id }
            v.add(name, "must be a UUID")
            return nil
        }
        customerID = uuid("customer_id")
        taskID = uuid("task_id")
        try v.check()
    }

    func apply(to query: QueryBuilder<OutboxNotification>) {
        if let status { query.filter(\.$status == status.rawValue) }
        if let excludedStatus { query.filter(\.$status != excludedStatus.rawValue) }
        if let channel { query.filter(\.$channel == channel.rawValue) }
        if let event { query.filter(\.$event == event.rawValue) }
        if let customerID { query.filter(\.$customerID == customerID) }
        if let taskID { query.filter(\.$taskID == taskID) }
    }
}
