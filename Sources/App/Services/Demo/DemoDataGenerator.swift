import Fluent
import Foundation

/// Fills an organization with realistic customers in batches, each batch one transaction, through the
/// same tables, tags and timeline the API writes (the search index follows by trigger or GIN index).
struct DemoDataGenerator {
    static let batchSize = 500

    let database: any Database
    let organization: Organization

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
            let actor = Actor(userID: nil, name: "Demo data", source: "demo")
            try await WriteTransaction.run(on: database) { db in
                try await batch.map(\.customer).create(on: db)
                try await CustomerCounter(database: db).add(batch.count, to: organizationID)
                let tags = batch.flatMap { item in
                    item.tags.map { CustomerTag(organizationID: organizationID, customerID: item.customer.id!, tagKey: $0) }
                }
                if !tags.isEmpty { try await tags.create(on: db) }
                let events = batch.map { item in
                    let event = CustomerEvent(organizationID: organizationID, customerID: item.customer.id!, type: "created",
                                              actor: actor, details: #"{"fields":["name"]}"#, at: Date())
                    event.id = UUID()
                    return event
                }
                try await events.create(on: db)
            }
            done += size
            progress(done)
        }
    }

    private func makeCustomer(index: Int, organizationID: UUID, random: inout SplitMix64) -> (customer: Customer, tags: [String]) {
        let country = DemoPeople.countries[index % DemoPeople.countries.count]
        let first = country.firstNames[Int(random.next() % UInt64(country.firstNames.count))]
        let last = country.lastNames[Int(random.next() % UInt64(country.lastNames.count))]
        let customer = Customer(organizationID: organizationID, source: "demo")
        customer.id = UUID()
        customer.firstName = first
        customer.lastName = last
        let name = organization.uniqueCustomerNames ? "\(first) \(last) \(index + 1)" : "\(first) \(last)"
        customer.name = name
        customer.nameKey = CustomerRules.nameKey(name)
        customer.searchName = CustomerRules.searchFold(name)
        customer.uniqueNameKey = organization.uniqueCustomerNames ? customer.nameKey : nil
        let ascii = CustomerRules.searchFold("\(first).\(last)").filter { $0.isLetter || $0 == "." }
        customer.email = "\(ascii).\(index + 1)@example.\(["com", "net", "org"][index % 3])"
        customer.phone = country.phone(index / DemoPeople.countries.count)
        if random.next() % 4 == 0 { customer.company = DemoPeople.companies[Int(random.next() % UInt64(DemoPeople.companies.count))] }
        customer.preferredLanguage = ["US": "en", "GB": "en", "DE": "de", "FR": "fr", "ES": "es", "IN": "hi"][country.code] ?? "en"
        let tags = (0..<Int(random.next() % 3)).map { _ in DemoPeople.tags[Int(random.next() % UInt64(DemoPeople.tags.count))] }
        let unique = Array(Set(tags)).sorted()
        customer.tagsJSON = CustomerRules.encodeTags(unique)
        if random.next() % 10 == 0 { customer.status = CustomerStatus.inactive.rawValue }
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
