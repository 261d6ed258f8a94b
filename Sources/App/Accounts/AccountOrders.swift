import Fluent
import SQLKit
import Vapor

/// The person's own orders across its linked organizations, newest first, each with its tasks' tracking status;
/// checkout with the account (the order is its record's, so it earns points once paid) and reorder.
struct AccountOrders {
    let database: any Database
    let accountID: UUID
    let publicURL: String

    /// An order as its customer sees it: nothing internal (no staff, no notes, no contact copy).
    struct View: Content {
        struct OrganizationRef: Content {
            let id: UUID
            let name: String
            let slug: String
        }

        struct TaskView: Content {
            let id: UUID
            let type: String
            let status: String
            let trackingURL: String?
            let eta: Date?
            let completedAt: Date?

            enum CodingKeys: String, CodingKey {
                case id, type, status, eta
                case trackingURL = "tracking_url", completedAt = "completed_at"
            }

            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(id, forKey: .id)
                try c.encode(type, forKey: .type)
                try c.encode(status, forKey: .status)
                try c.encode(trackingURL, forKey: .trackingURL)
                try c.encode(eta, forKey: .eta)
                try c.encode(completedAt, forKey: .completedAt)
            }
        }

        let id: UUID
        let number: String
        let organization: OrganizationRef
        let platform: String
        let amount: String
        let currency: String
        let paymentStatus: String
        let status: String
        let placedAt: Date
        let completedAt: Date?
        let items: [Order.Item]
        let loyaltyPoints: Int
        let tasks: [TaskView]

        enum CodingKeys: String, CodingKey {
            case id, number, organization, platform, amount, currency, status, items, tasks
            case paymentStatus = "payment_status", placedAt = "placed_at", completedAt = "completed_at"
            case loyaltyPoints = "loyalty_points"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(number, forKey: .number)
            try c.encode(organization, forKey: .organization)
            try c.encode(platform, forKey: .platform)
            try c.encode(amount, forKey: .amount)
            try c.encode(currency, forKey: .currency)
            try c.encode(paymentStatus, forKey: .paymentStatus)
            try c.encode(status, forKey: .status)
            try c.encode(placedAt, forKey: .placedAt)
            try c.encode(completedAt, forKey: .completedAt)
            try c.encode(items, forKey: .items)
            try c.encode(loyaltyPoints, forKey: .loyaltyPoints)
            try c.encode(tasks, forKey: .tasks)
        }
    }

    /// A page of the orders of every link, newest first (by placing time, then insertion order).
    func list(_ page: PageRequest) async throws -> Page<View> {
        let links = try await AccountRecords(database: database).links(of: accountID)
        let sql = try database.sql
        var after: (Date, Int)?
        if let cursor = page.after {
            let parts = cursor.split(separator: "|")
            guard parts.count == 2, let bits = UInt64(parts[0], radix: 16), let seq = Int(parts[1]),
                  Double(bitPattern: bits).isFinite
            else { throw Problem.invalid("cursor", "is not a cursor this server issued") }
            after = (Date(timeIntervalSince1970: Double(bitPattern: bits)), seq)
        }
        // A cursor says where the page starts; the page number only counts pages then (the dashboard's pager sends both).
        let offset = after == nil ? page.offset : 0
        let wanted = offset + page.perPage + 1
        // Every link's first `wanted` rows are candidates; only the `perPage` shown become orders (decoding a model is
        // most of a page's time: 105 candidates for 20 orders of five links).
        var candidates: [(placedAt: Date, seq: Int, row: any SQLRow)] = []
        var total = 0
        for link in links {
            var query = SQLQueryString("""
                SELECT * FROM orders WHERE organization_id = \(bind: link.organizationID) AND customer_id = \(bind: link.customerID)
                """)
            if let (placed, seq) = after {
                // The page's last order compared by its placing time as stored, read by its seq in this link: a date
                // read back from SQLite is rounded to the microsecond, and binding it would show that order again (a
                // client following next_cursor with per_page=1 never got past it). The cursor's time stands in for
                // the other links, and for an order gone since.
                let boundary: SQLQueryString = """
                    COALESCE((SELECT placed_at FROM orders WHERE organization_id = \(bind: link.organizationID) \
                    AND customer_id = \(bind: link.customerID) AND seq = \(bind: seq)), \(bind: placed))
                    """
                query = query + " AND (placed_at, seq) < (" + boundary + ", \(bind: seq))"
            }
            let rows = try await SQLRows.all(query + " ORDER BY placed_at DESC, seq DESC LIMIT \(literal: wanted)", on: sql)
            for row in rows {
                candidates.append((try row.decode(column: "placed_at", as: Date.self), try row.decode(column: "seq", as: Int.self), row))
            }
            total += try await SQLRows.first("""
                SELECT count(*) AS n FROM orders WHERE organization_id = \(bind: link.organizationID) AND customer_id = \(bind: link.customerID)
                """, on: sql)?.decode(column: "n", as: Int.self) ?? 0
        }
        // Orders of different organizations that share a placing time keep an order of their own: their seq, unique
        // across the table.
        candidates.sort { ($0.placedAt, $0.seq) > ($1.placedAt, $1.seq) }
        let slice = candidates.dropFirst(offset).prefix(page.perPage + 1)
        let shown = try slice.prefix(page.perPage).map { try $0.row.model(Order.self) }
        var next: String?
        if slice.count > page.perPage, let last = shown.last {
            // The placing time's bits and the seq: the next page compares with that order's stored time, read by its seq.
            next = Data("\(String(last.placedAt.timeIntervalSince1970.bitPattern, radix: 16))|\(last.seq ?? 0)".utf8)
                .base64URLEncodedString()
        }
        return Page(try await views(shown), total: total, nextCursor: next, request: page)
    }

    /// One of the person's orders, or 404 (another account's, or an organization it left).
    func find(_ id: UUID) async throws -> Order {
        let links = try await AccountRecords(database: database).links(of: accountID)
        for link in links {
            if let row = try await SQLRows.first("""
                SELECT * FROM orders WHERE organization_id = \(bind: link.organizationID) AND id = \(bind: id)
                AND customer_id = \(bind: link.customerID)
                """, on: try database.sql, byKey: true) {
                return try row.model(Order.self)
            }
        }
        throw Problem.notFound("order")
    }

    func view(_ order: Order) async throws -> View { try await views([order])[0] }

    /// The views of `orders`, with their organizations and tasks read once per organization.
    func views(_ orders: [Order]) async throws -> [View] {
        let sql = try database.sql
        var organizations: [UUID: View.OrganizationRef] = [:]
        var tasks: [UUID: [View.TaskView]] = [:]
        for (organizationID, group) in Dictionary(grouping: orders, by: \.organizationID) {
            if let organization = try await Organization.load(organizationID, on: database) {
                organizations[organizationID] = .init(id: organizationID, name: organization.name, slug: organization.slug)
            }
            let rows = try await SQLRows.all("""
                SELECT id, order_id, type, status, tracking_code, dropoff_before, completed_at FROM tasks
                WHERE organization_id = \(bind: organizationID) AND order_id IN (\(binds: group.map { $0.id! })) AND type <> 'job'
                ORDER BY seq
                """, on: sql)
            for row in rows {
                let orderID = try row.decode(column: "order_id", as: UUID.self)
                let code = try row.decode(column: "tracking_code", as: String?.self)
                tasks[orderID, default: []].append(.init(
                    id: try row.decode(column: "id", as: UUID.self), type: try row.decode(column: "type", as: String.self),
                    status: try row.decode(column: "status", as: String.self),
                    trackingURL: code.map { "\(publicURL)/track/\($0)" },
                    eta: try row.decode(column: "dropoff_before", as: Date?.self),
                    completedAt: try row.decode(column: "completed_at", as: Date?.self)))
            }
        }
        return orders.map { order in
            View(id: order.id!, number: order.number,
                 organization: organizations[order.organizationID] ?? .init(id: order.organizationID, name: "", slug: ""),
                 platform: order.platform, amount: Money.decimalString(minorUnits: order.amountMinor), currency: order.currency,
                 paymentStatus: order.paymentStatus, status: order.status, placedAt: order.placedAt, completedAt: order.completedAt,
                 items: OrderRules.decodeItems(order.itemsJSON), loyaltyPoints: order.loyaltyPoints, tasks: tasks[order.id!] ?? [])
        }
    }

    struct CheckoutInput: Decodable, Sendable {
        var organization: String?
        var items: [Order.Item]?
        var amount: String?
        var currency: String?
        var paymentMethod: String?

        enum CodingKeys: String, CodingKey {
            case organization, items, amount, currency
            case paymentMethod = "payment_method"
        }
    }

    /// An order placed by the person at an organization, joining it first when not yet linked: the order is its
    /// record's, payment pending, and earns points once paid (as the organization's programme says).
    func checkout(_ account: Account, _ input: CheckoutInput) async throws -> Order {
        var v = Validator()
        let slug = v.text(input.organization, "organization", required: true, max: 100)
        if input.items?.isEmpty ?? true, input.amount == nil { v.add("items", "an order needs items or an amount") }
        try v.check()
        guard let organization = try await AccountLinksService.organization(slug: slug!, on: database) else {
            throw Problem.invalid("organization", "no organization has this slug")
        }
        let (customer, _) = try await AccountRecords(database: database).join(account, organization: organization)
        var order = Order.Input()
        order.customerID = .value(try customer.requireID())
        order.platform = .value("account")
        order.paymentStatus = .value(PaymentStatus.pending.rawValue)
        if let items = input.items { order.items = .value(items) }
        if let amount = input.amount { order.amount = .value(amount) } else if let total = Self.total(of: input.items ?? []) {
            order.amount = .value(Money.decimalString(minorUnits: total))
        }
        if let currency = input.currency { order.currency = .value(currency) }
        if let method = input.paymentMethod { order.paymentMethod = .value(method) }
        return try await place(order, in: organization)
    }

    /// A new order with the same items as one of the person's orders, payment pending.
    func reorder(_ id: UUID) async throws -> Order {
        let original = try await find(id)
        guard let organization = try await Organization.load(original.organizationID, on: database) else { throw Problem.notFound("order") }
        let items = OrderRules.decodeItems(original.itemsJSON)
        var order = Order.Input()
        order.customerID = .value(try original.customerID ?? { throw Problem.notFound("order") }())
        order.platform = .value("account")
        order.paymentStatus = .value(PaymentStatus.pending.rawValue)
        order.currency = .value(original.currency)
        order.amount = .value(Money.decimalString(minorUnits: original.amountMinor))
        if !items.isEmpty { order.items = .value(items) }
        return try await place(order, in: organization)
    }

    /// The items' sum (quantity × unit price), when every price reads and nothing overflows; else nil (and the
    /// order's validation names what is wrong).
    static func total(of items: [Order.Item]) -> Int64? {
        guard !items.isEmpty else { return nil }
        var total: Int64 = 0
        for item in items {
            guard item.quantity > 0, let price = OrderRules.minorUnits(item.unitPrice) else { return nil }
            let (line, overflow) = price.multipliedReportingOverflow(by: Int64(item.quantity))
            guard !overflow else { return nil }
            let (sum, sumOverflow) = total.addingReportingOverflow(line)
            guard !sumOverflow else { return nil }
            total = sum
        }
        return total
    }

    private func place(_ input: Order.Input, in organization: Organization) async throws -> Order {
        let customers = AccountRecords(database: database).service(in: organization, accountID: accountID)
        let service = OrderService(database: database, access: try OrderAccess(customers.access.principal), customers: customers)
        return try await service.create(input)
    }
}
