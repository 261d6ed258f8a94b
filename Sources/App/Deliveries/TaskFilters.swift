import Fluent
import Vapor

/// `status`, `type`, `agent_id`, `team_id`, `client_id`, `customer_id`, `order_id`, `created_from`, `created_to`.
struct TaskFilters {
    var status: TaskStatus?
    var type: TaskType?
    var agentID: UUID?
    var teamID: UUID?
    var clientID: UUID?
    var customerID: UUID?
    var orderID: UUID?
    var from: Date?
    var to: Date?

    init(from req: Request) throws {
        var v = Validator()
        status = v.oneOf(req.query[String.self, at: "status"], "status", allowed: TaskStatus.allCases)
        type = v.oneOf(req.query[String.self, at: "type"], "type", allowed: TaskType.allCases)
        func uuid(_ name: String) -> UUID? {
            guard let raw = req.query[String.self, at: name] else { return nil }
            if let id = UUID(uuidString: raw) { return id }
            v.add(name, "must be a UUID")
            return nil
        }
        agentID = uuid("agent_id")
        teamID = uuid("team_id")
        clientID = uuid("client_id")
        customerID = uuid("customer_id")
        orderID = uuid("order_id")
        from = OrderFilters.date(req, "created_from", &v)
        to = OrderFilters.date(req, "created_to", &v)
        try v.check()
    }

    func apply(to query: QueryBuilder<DeliveryTask>) {
        if let status { query.filter(\.$status == status.rawValue) }
        if let type { query.filter(\.$type == type.rawValue) }
        if let agentID { query.filter(\.$agentID == agentID) }
        if let teamID { query.filter(\.$teamID == teamID) }
        if let clientID { query.filter(\.$clientID == clientID) }
        if let customerID { query.filter(\.$customerID == customerID) }
        if let orderID { query.filter(\.$orderID == orderID) }
        if let from { query.filter(\.$createdAt >= from) }
        if let to { query.filter(\.$createdAt < to) }
    }
}
