import Fluent
import Foundation

/// Fills an organization with realistic customers in batches, each batch one transaction, through the
/// same tables, tags and timeline the API writes (the search index follows by trigger or GIN index).
struct DemoDataGenerator {
    static let batchSize = 500

    let database: any Database
    let organization: Organization
    /// Orders per customer on average (0 for none); each customer's totals are set to match them.
    var ordersPerCustomer = 0

    /// Creates `count` customers and calls `progress` with the number done after each batch.
    func generate(count: Int, progress: @Sendable (Int) -> Void) async throws {
        let organizationID = try organization.requireID()
        let existing = try await Tenant(organizationID: organizationID).query(Customer.self, on: database).count()
        var random = SplitMix64(seed: UInt64(existing) &+ 0x5EED)
        var done = 0
        while done < count {
            let size = min(Self.batchSize, count - done)
            let start = existing + done
            let batch = (0..<size).map { offset in makeCustomer(index: start + offset, organizationID: organizationID, random: &random) }
            let orders = ordersPerCustomer > 0
                ? batch.enumerated().flatMap { makeOrders(for: $1.customer, index: start + $0, random: &random) } : []
            let actor = Actor(userID: nil, name: "Demo data", source: "demo")
            try await WriteTransaction.run(on: database) { db in
                let now = Date()
                // 40 columns × 500 rows stays under SQLite's 32,766 bound values.
                try await RowInsert.run(batch.map { $0.customer.insertRow(at: now) }, on: db)
                try await CustomerCounter(database: db).add(batch.count, to: organizationID)
                try await CustomerSignups(database: db).add(batch.count, at: now, to: organizationID)
                let tags = batch.flatMap { item in
                    item.tags.map { CustomerTag(organizationID: organizationID, customerID: item.customer.id!, tagKey: $0) }
                }
                if !tags.isEmpty { try await tags.create(on: db) }
                let events = batch.map { item in
                    let event = CustomerEvent(organizationID: organizationID, customerID: item.customer.id!, type: "created",
                                              actor: actor, details: #"{"fields":["name"]}"#, at: now)
                    event.id = UUID.timeOrdered()
                    return event.insertRow()
                }
                try await RowInsert.run(events, on: db)
                if !orders.isEmpty {
                    for chunk in stride(from: 0, to: orders.count, by: 1_000) {
                        try await RowInsert.run(orders[chunk..<min(chunk + 1_000, orders.count)].map { $0.insertRow(at: now) }, on: db)
                    }
                    let customers = batch.map(\.customer)
                    try await OrganizationCounters(database: db).add(
                        organizationID, ordersCounted: orders.count, amountMinor: orders.reduce(0) { $0 + $1.amountMinor },
                        orderingCustomers: customers.filter { $0.totalOrders > 0 }.count,
                        repeatCustomers: customers.filter { $0.totalOrders > 1 }.count)
                }
            }
            done += size
            progress(done)
        }
    }

    /// Paid orders over the last two years, and the customer's totals to match.
    private func makeOrders(for customer: Customer, index: Int, random: inout SplitMix64) -> [Order] {
        let count = Int(random.next() % UInt64(min(ordersPerCustomer, 9) * 2 + 1))
        let now = Date().timeIntervalSince1970
        let orders: [Order] = (0..<count).map { position in
            let order = Order()
            order.id = UUID.timeOrdered()
            order.organizationID = customer.organizationID
            // Unique by construction: the customer's index and the order's position ("D" never starts a generated one).
            order.number = "D" + DemoPeople.pad(index * 20 + position, 9)
            order.platform = ["web", "pos", "app", "ubereats"][Int(random.next() % 4)]
            order.amountMinor = Int64(500 + random.next() % 9_500)
            order.currency = organization.currency
            order.paymentMethod = ["card", "cash"][Int(random.next() % 2)]
            order.paymentStatus = PaymentStatus.paid.rawValue
            order.status = OrderStatus.completed.rawValue
            order.placedAt = Date(timeIntervalSince1970: now - Double(random.next() % (730 * 86_400)))
            order.completedAt = order.placedAt
            order.itemsJSON = "[]"
            order.customerID = customer.id
            order.earnsLoyalty = true
            order.loyaltyPoints = 0
            order.contactName = customer.name
            order.contactEmail = customer.email
            order.contactPhone = customer.phone
            order.version = 1
            return order
        }
        customer.totalOrders = orders.count
        customer.visits = orders.count
        customer.totalSpentMinor = orders.reduce(0) { $0 + $1.amountMinor }
        customer.firstOrderAt = orders.map(\.placedAt).min()
        customer.lastOrderAt = orders.map(\.placedAt).max()
        return orders
    }

    private func makeCustomer(index: Int, organizationID: UUID, random: inout SplitMix64) -> (customer: Customer, tags: [String]) {
        let country = DemoPeople.countries[index % DemoPeople.countries.count]
        let first = country.firstNames[Int(random.next() % UInt64(country.firstNames.count))]
        let last = country.lastNames[Int(random.next() % UInt64(country.lastNames.count))]
        let customer = Customer(organizationID: organizationID, source: "demo")
        customer.id = UUID.timeOrdered()
        customer.firstName = first
        customer.lastName = last
        let name = organization.uniqueCustomerNames ? "\(first) \(last) \(index + 1)" : "\(first) \(last)"
        customer.name = name
        customer.nameKey = CustomerRules.nameKey(name)
        customer.searchName = CustomerRules.searchFold(name)
        customer.uniqueNameKey = organization.uniqueNameKey(for: customer.nameKey)
        let ascii = CustomerRules.searchFold("\(first).\(last)").filter { $0.isLetter || $0 == "." }
        customer.email = "\(ascii).\(index + 1)@example.\(["com", "net", "org"][index % 3])"
        customer.phone = country.phone(index / DemoPeople.countries.count)
        var keyed = customer
        keyed.refreshDuplicateKeys()
        if random.next() % 4 == 0 { customer.company = DemoPeople.companies[Int(random.next() % UInt64(DemoPeople.companies.count))] }
        customer.preferredLanguage = ["US": "en", "GB": "en", "DE": "de", "FR": "fr", "ES": "es", "IN": "hi"][country.code] ?? "en"
        let tags = (0..<Int(random.next() % 3)).map { _ in DemoPeople.tags[Int(random.next() % UInt64(DemoPeople.tags.count))] }
        let unique = Array(Set(tags)).sorted()
        customer.tagsJSON = CustomerRules.encodeTags(unique)
        switch random.next() % 200 {
        case 0: customer.status = CustomerStatus.blocked.rawValue                  // 0.5 %
        case 1...20: customer.status = CustomerStatus.inactive.rawValue            // 10 %
        default: break
        }
        return (customer, unique)
    }
}

/// A small, fast, seedable generator, so that demo data is reproducible.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
