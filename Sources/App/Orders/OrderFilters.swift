import Fluent
import Vapor

/// `status`, `payment_status`, `platform`, `customer_id`, `placed_from`, `placed_to`, `q` (number or receipt).
struct OrderFilters {
    var status: OrderStatus?
    var paymentStatus: PaymentStatus?
    var platform: String?
    var customerID: UUID?
    var from: Date?
    var to: Date?
    var q: String?

    init(from req: Request) throws {
        var v = Validator()
        let query = req.queryValues()
        status = v.oneOf(query("status"), "status", allowed: OrderStatus.allCases)
        paymentStatus = v.oneOf(query("payment_status"), "payment_status", allowed: PaymentStatus.allCases)
        platform = query("platform")?.lowercased()
        if let raw = query("customer_id") {
            customerID = UUID(uuidString: raw)
            if customerID == nil { v.add("customer_id", "must be a UUID") }
        }
        from = Self.date(req, "placed_from", &v)
        to = Self.date(req, "placed_to", &v)
        q = query("q").map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        try v.check()
    }

    static func date(_ req: Request, _ name: String, _ v: inout Validator) -> Date? {
        guard let raw = req.queryValues()(name) else { return nil }
        if let date = ISO8601DateFormatter().date(from: raw) { return date }
        if let day = CalendarDate(raw) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = .gmt
            let start = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
            return name.hasSuffix("_to") ? start.addingTimeInterval(86_400) : start
        }
        v.add(name, "must be a date (YYYY-MM-DD) or an RFC 3339 time")
        return nil
    }

    func apply(to query: QueryBuilder<Order>) {
        if let status { query.filter(\.$status == status.rawValue) }
        if let paymentStatus { query.filter(\.$paymentStatus == paymentStatus.rawValue) }
        if let platform { query.filter(\.$platform == platform) }
        if let customerID { query.filter(\.$customerID == customerID) }
        if let from { query.filter(\.$placedAt >= from) }
        if let to { query.filter(\.$placedAt < to) }
        if let q { query.group(.or) { $0.filter(\.$number == q.uppercased()).filter(\.$receiptNumber == q) } }
    }
}
