import Vapor

extension DeliveryTask {
    struct Window: Decodable, Sendable {
        var start: Date?
        var end: Date?
    }

    struct Input: Decodable, Sendable {
        var type: FieldPatch<String> = .absent
        var parentID: FieldPatch<UUID> = .absent
        var orderID: FieldPatch<UUID> = .absent
        var customerID: FieldPatch<UUID> = .absent
        var pickup: FieldPatch<TaskLocation> = .absent
        var dropoff: FieldPatch<TaskLocation> = .absent
        var pickupWindow: FieldPatch<Window> = .absent
        var dropoffWindow: FieldPatch<Window> = .absent
        var agentID: FieldPatch<UUID> = .absent
        var teamID: FieldPatch<UUID> = .absent
        var amount: FieldPatch<String> = .absent
        var currency: FieldPatch<String> = .absent
        var paymentMethod: FieldPatch<String> = .absent
        var notes: FieldPatch<String> = .absent

        enum CodingKeys: String, CodingKey {
            case type, pickup, dropoff, amount, currency, notes
            case teamID = "team_id"
            case parentID = "parent_id", orderID = "order_id", customerID = "customer_id"
            case pickupWindow = "pickup_window", dropoffWindow = "dropoff_window", agentID = "agent_id"
            case paymentMethod = "payment_method"
        }
    }

    struct TransitionInput: Decodable, Sendable {
        var to: String
        var reason: String?
        var agentID: UUID?

        enum CodingKeys: String, CodingKey {
            case to, reason
            case agentID = "agent_id"
        }
    }

    /// The task as the API shows it. `limited` is what an agent sees of the customer side.
    struct Public: Content {
        let task: DeliveryTask
        let names: TaskNames

        init(_ task: DeliveryTask, names: TaskNames = TaskNames()) {
            self.task = task
            self.names = names
        }

        init(from decoder: any Decoder) throws {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "output only"))
        }

        enum Key: String, CodingKey {
            case id, type, pickup, dropoff, agent, team, amount, currency, status, notes, contact, name, phone, version
            case start, end
            case parentID = "parent_id", orderID = "order_id", customerID = "customer_id", pickupWindow = "pickup_window"
            case dropoffWindow = "dropoff_window", paymentMethod = "payment_method", completedAt = "completed_at"
            case createdAt = "created_at", updatedAt = "updated_at", trackingCode = "tracking_code"
            case teamID = "team_id", clientID = "client_id"
        }

        func encode(to encoder: any Encoder) throws {
            let t = task
            var out = encoder.container(keyedBy: Key.self)
            try out.encode(t.id, forKey: .id)
            try out.encode(t.type, forKey: .type)
            try out.encode(t.status, forKey: .status)
            try out.encode(t.parentID, forKey: .parentID)
            try out.encode(t.orderID, forKey: .orderID)
            try out.encode(t.customerID, forKey: .customerID)
            try out.encode(TaskLocation.decode(t.pickupJSON), forKey: .pickup)
            try out.encode(TaskLocation.decode(t.dropoffJSON), forKey: .dropoff)
            var pickup = out.nestedContainer(keyedBy: Key.self, forKey: .pickupWindow)
            try pickup.encode(t.pickupAfter, forKey: .start)
            try pickup.encode(t.pickupBefore, forKey: .end)
            var dropoff = out.nestedContainer(keyedBy: Key.self, forKey: .dropoffWindow)
            try dropoff.encode(t.dropoffAfter, forKey: .start)
            try dropoff.encode(t.dropoffBefore, forKey: .end)
            if let agentID = t.agentID {
                var agent = out.nestedContainer(keyedBy: Key.self, forKey: .agent)
                try agent.encode(agentID, forKey: .id)
                try agent.encode(names.agents[agentID], forKey: .name)
            } else {
                try out.encodeNil(forKey: .agent)
            }
            try out.encode(t.teamID, forKey: .teamID)
            if let teamID = t.teamID {
                var team = out.nestedContainer(keyedBy: Key.self, forKey: .team)
                try team.encode(teamID, forKey: .id)
                try team.encode(names.teams[teamID], forKey: .name)
            } else {
                try out.encodeNil(forKey: .team)
            }
            try out.encode(t.clientID, forKey: .clientID)
            try out.encode(t.amountMinor.map(Money.decimalString), forKey: .amount)
            try out.encode(t.currency, forKey: .currency)
            try out.encode(t.paymentMethod, forKey: .paymentMethod)
            try out.encode(t.notes, forKey: .notes)
            var contact = out.nestedContainer(keyedBy: Key.self, forKey: .contact)
            try contact.encode(t.contactName, forKey: .name)
            try contact.encode(t.contactPhone, forKey: .phone)
            try out.encode(t.completedAt, forKey: .completedAt)
            try out.encode(t.trackingCode, forKey: .trackingCode)
            try out.encode(t.version, forKey: .version)
            try out.encode(t.createdAt, forKey: .createdAt)
            try out.encode(t.updatedAt, forKey: .updatedAt)
        }
    }
}
