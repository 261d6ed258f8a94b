import Fluent

/// Keeps `customer_tags` equal to the customer's tags, for filtering.
struct CustomerTags {
    let database: any Database
    let tenant: Tenant

    func replace(for customer: Customer, with tags: [String], isNew: Bool = false) async throws {
        let id = try customer.requireID()
        if !isNew { try await tenant.query(CustomerTag.self, on: database).filter(\.$customerID == id).delete() }
        let rows = tags.map { CustomerTag(organizationID: tenant.organizationID, customerID: id, tagKey: $0.lowercased()) }
        if !rows.isEmpty { try await rows.create(on: database) }
    }
}
