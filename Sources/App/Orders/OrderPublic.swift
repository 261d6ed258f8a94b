import Vapor

extension Order {
    /// The order as the API shows it; every key present.
    struct Public: Content {
        let order: Order

        init(_ order: Order) { self.order = order }

        init(from decoder: any Decoder) throws {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "output only"))
        }

        enum Key: String, CodingKey {
            case id, number, platform, amount, currency, status, items, contact, name, email, phone, version
            case receiptNumber = "receipt_number", paymentMethod = "payment_method", paymentStatus = "payment_status"
            case placedAt = "placed_at", completedAt = "completed_at", customerID = "customer_id", isGuest = "is_guest"
            case createdAt = "created_at", updatedAt = "updated_at", loyaltyPoints = "loyalty_points", clientID = "client_id"
        }

        func encode(to encoder: any Encoder) throws {
            let o = order
            var out = encoder.container(keyedBy: Key.self)
            try out.encode(o.id, forKey: .id)
            try out.encode(o.number, forKey: .number)
            try out.encode(o.platform, forKey: .platform)
            try out.encode(o.receiptNumber, forKey: .receiptNumber)
            try out.encode(Money.decimalString(minorUnits: o.amountMinor), forKey: .amount)
            try out.encode(o.currency, forKey: .currency)
            try out.encode(o.paymentMethod, forKey: .paymentMethod)
            try out.encode(o.paymentStatus, forKey: .paymentStatus)
            try out.encode(o.status, forKey: .status)
            try out.encode(o.placedAt, forKey: .placedAt)
            try out.encode(o.completedAt, forKey: .completedAt)
            try out.encode(OrderRules.decodeItems(o.itemsJSON), forKey: .items)
            try out.encode(o.customerID, forKey: .customerID)
            try out.encode(o.customerID == nil, forKey: .isGuest)
            try out.encode(o.clientID, forKey: .clientID)
            var contact = out.nestedContainer(keyedBy: Key.self, forKey: .contact)
            try contact.encode(o.contactName, forKey: .name)
            try contact.encode(o.contactEmail, forKey: .email)
            try contact.encode(o.contactPhone, forKey: .phone)
            try out.encode(o.$loyaltyPoints.value ?? 0, forKey: .loyaltyPoints)
            try out.encode(o.version, forKey: .version)
            try out.encode(o.createdAt, forKey: .createdAt)
            try out.encode(o.updatedAt, forKey: .updatedAt)
        }
    }
}
