import Vapor

/// The query string of `GET /api/v1/customers` (and, later, its exports), validated.
struct CustomerListParameters: Sendable {
    enum SortKey: String, CaseIterable, Sendable {
        case name
        case createdAt = "created_at"
        case lastOrderAt = "last_order_at"
        case totalSpent = "total_spent"
        case loyaltyPoints = "loyalty_points"
    }

    var q: String?
    var status: CustomerStatus?
    var tag: String?
    var createdFrom: Date?
    var createdTo: Date?
    var hasEmail: Bool?
    var hasPhone: Bool?
    var managedBy: UUID?
    /// Customers with at least this many points.
    var loyaltyMin: Int?
    var sort: SortKey
    var descending: Bool

    /// How many filters are given.
    var filterCount: Int {
        [q != nil, status != nil, tag != nil, createdFrom != nil, createdTo != nil, hasEmail != nil, hasPhone != nil,
         managedBy != nil, loyaltyMin != nil].filter { $0 }.count
    }

    var isFiltered: Bool {
        q != nil || status != nil || tag != nil || createdFrom != nil || createdTo != nil
            || hasEmail != nil || hasPhone != nil || managedBy != nil || loyaltyMin != nil
    }

    /// Every customer, oldest first: a whole-organization export from the command line.
    init() {
        sort = .createdAt
        descending = false
    }

    init(from request: Request, timezone: TimeZone) throws {
        try self.init(timezone: timezone) { request.query[String.self, at: $0] }
    }

    /// The parameters named by `value` (a query string, or a marketing message's `filters`); a problem names the field
    /// with `prefix` (`filters.status`).
    init(timezone: TimeZone, prefix: String = "", value: (String) -> String?) throws {
        var v = Validator(prefix: prefix)
        func string(_ name: String) -> String? {
            value(name).flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        }
        func bool(_ name: String) -> Bool? {
            guard let raw = string(name) else { return nil }
            switch raw.lowercased() {
            case "true", "1", "yes": return true
            case "false", "0", "no": return false
            default: v.add(name, "must be true or false"); return nil
            }
        }
        func date(_ name: String, endOfDay: Bool) -> Date? {
            guard let raw = string(name) else { return nil }
            if let instant = ISO8601DateFormatter().date(from: raw) { return instant }
            if let day = CalendarDate(raw) {
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = timezone
                let start = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
                return endOfDay ? start.addingTimeInterval(86_400) : start
            }
            v.add(name, "must be a date (YYYY-MM-DD) or an RFC 3339 time"); return nil
        }
        q = string("q").map { String($0.trimmingCharacters(in: .whitespaces).prefix(200)) }
        status = v.oneOf(string("status"), "status", allowed: CustomerStatus.allCases)
        tag = string("tag").map { $0.lowercased() }
        createdFrom = date("created_from", endOfDay: false)
        createdTo = date("created_to", endOfDay: true)
        hasEmail = bool("has_email")
        hasPhone = bool("has_phone")
        if let raw = string("managed_by") {
            managedBy = UUID(uuidString: raw)
            if managedBy == nil { v.add("managed_by", "must be a user id (a UUID)") }
        }
        if let raw = string("loyalty_min") {
            if let points = Int(raw), (0...LoyaltyProgram.maxBalance).contains(points) { loyaltyMin = points }
            else { v.add("loyalty_min", "must be a whole number of points from 0 to \(LoyaltyProgram.maxBalance)") }
        }
        var sortText = string("sort") ?? (q == nil ? "name" : "-created_at")
        var descending = false
        if sortText.hasPrefix("-") { descending = true; sortText.removeFirst() }
        sort = v.oneOf(sortText, "sort", allowed: SortKey.allCases) ?? .name
        if let order = string("order") {
            switch order.lowercased() {
            case "asc": descending = false
            case "desc": descending = true
            default: v.add("order", "must be asc or desc")
            }
        }
        self.descending = descending
        try v.check()
    }
}
