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
    /// Segment filters (SPEC "Segments"): order count and amount spent (minor units) ranges, last order date range,
    /// the default address's city (folded) and country, consent to a channel.
    var ordersMin: Int?
    var ordersMax: Int?
    var spentMinMinor: Int64?
    var spentMaxMinor: Int64?
    var lastOrderFrom: Date?
    var lastOrderTo: Date?
    var city: String?
    var country: String?
    var optedIn: OptInChannel?
    var sort: SortKey
    var descending: Bool

    enum OptInChannel: String, CaseIterable, Sendable {
        case email, sms
    }

    /// Every filter a list, an export, a marketing message or a segment takes (not `sort`, `order` or paging).
    static let filterNames = ["q", "status", "tag", "created_from", "created_to", "has_email", "has_phone", "managed_by",
                              "loyalty_min", "orders_min", "orders_max", "spent_min", "spent_max", "last_order_from",
                              "last_order_to", "city", "country", "opted_in"]

    /// How many filters are given.
    var filterCount: Int {
        [q != nil, status != nil, tag != nil, createdFrom != nil, createdTo != nil, hasEmail != nil, hasPhone != nil,
         managedBy != nil, loyaltyMin != nil, ordersMin != nil, ordersMax != nil, spentMinMinor != nil,
         spentMaxMinor != nil, lastOrderFrom != nil, lastOrderTo != nil, city != nil, country != nil, optedIn != nil]
            .filter { $0 }.count
    }

    var isFiltered: Bool { filterCount > 0 }

    /// The largest order count a filter takes.
    static let maxCount = 100_000_000

    /// Every customer, oldest first: a whole-organization export from the command line.
    init() {
        sort = .createdAt
        descending = false
    }

    init(from request: Request, timezone: TimeZone) throws {
        try self.init(timezone: timezone, value: request.queryValues())
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
            if let day = CalendarDate(raw) ?? RelativeDay(raw).map({ $0.day(in: timezone) }) {
                let start = day.start(in: timezone)
                return endOfDay ? day.next.start(in: timezone) : start
            }
            v.add(name, "must be a date (YYYY-MM-DD), an RFC 3339 time, or a number of days before today (-60d)"); return nil
        }
        func count(_ name: String) -> Int? {
            guard let raw = string(name) else { return nil }
            if let n = Int(raw), (0...Self.maxCount).contains(n) { return n }
            v.add(name, "must be a whole number from 0 to \(Self.maxCount)"); return nil
        }
        func amount(_ name: String) -> Int64? {
            guard let raw = string(name) else { return nil }
            if let minor = OrderRules.minorUnits(raw) { return minor }
            v.add(name, "must be an amount with at most two decimals (200 or 199.50)"); return nil
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
        ordersMin = count("orders_min")
        ordersMax = count("orders_max")
        spentMinMinor = amount("spent_min")
        spentMaxMinor = amount("spent_max")
        lastOrderFrom = date("last_order_from", endOfDay: false)
        lastOrderTo = date("last_order_to", endOfDay: true)
        if let raw = string("city") {
            let folded = raw.trimmingCharacters(in: .whitespaces).lowercased()
            if folded.count <= 100 { city = folded } else { v.add("city", "must be at most 100 characters") }
        }
        if let raw = string("country") {
            let code = raw.trimmingCharacters(in: .whitespaces).uppercased()
            if CountryCode.isValid(code) { country = code } else { v.add("country", "must be an ISO 3166-1 alpha-2 country code (IT)") }
        }
        optedIn = v.oneOf(string("opted_in"), "opted_in", allowed: OptInChannel.allCases)
        if let low = ordersMin, let high = ordersMax, low > high { v.add("orders_max", "must not be below orders_min") }
        if let low = spentMinMinor, let high = spentMaxMinor, low > high { v.add("spent_max", "must not be below spent_min") }
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
