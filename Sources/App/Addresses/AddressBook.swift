import Fluent
import SQLKit
import Vapor

/// A customer's saved addresses. The first is the default; a later one only when asked, and then the
/// previous default steps down in the same transaction. Per-customer writes are serialized by locking
/// the customer row first, and a partial unique index guarantees one default whatever happens.
struct AddressBook {
    let database: any Database
    let tenant: Tenant
    let defaultCountry: String

    func list(for customer: Customer) async throws -> [Address] {
        try await tenant.query(Address.self, on: database).filter(\.$customerID == customer.requireID())
            .sort(\.$isDefault, .descending).sort(\.$createdAt).sort(\.$id).all()
    }

    func require(_ id: UUID, of customer: Customer) async throws -> Address {
        guard let address = try await tenant.query(Address.self, on: database)
            .filter(\.$id == id).filter(\.$customerID == customer.requireID()).first()
        else { throw Problem.notFound("address") }
        return address
    }

    func add(_ input: Address.Input, to customer: Customer) async throws -> Address {
        let address = Address(organizationID: tenant.organizationID, customerID: try customer.requireID())
        address.id = UUID.timeOrdered()
        try AddressInputValidator(defaultCountry: defaultCountry, isCreate: true).apply(input, to: address)
        address.refreshDuplicateKey()
        let tenant = self.tenant
        try await WriteTransaction.run(on: database) { db in
            try await Self.lock(customer, on: db)
            let existing = try await tenant.query(Address.self, on: db).filter(\.$customerID == customer.requireID()).count()
            address.isDefault = existing == 0 || input.isDefault.value == true
            if address.isDefault, existing > 0 { try await Self.clearDefault(of: customer, on: db, tenant: tenant) }
            try await address.create(on: db)
        }
        return address
    }

    func update(_ address: Address, with input: Address.Input, of customer: Customer) async throws -> Address {
        try AddressInputValidator(defaultCountry: defaultCountry, isCreate: false).apply(input, to: address)
        address.refreshDuplicateKey()
        if input.isDefault.value == false, address.isDefault {
            throw Problem.invalid("is_default", "make another address the default instead")
        }
        let makeDefault = input.isDefault.value == true && !address.isDefault
        let tenant = self.tenant
        try await WriteTransaction.run(on: database) { db in
            try await Self.lock(customer, on: db)
            if makeDefault {
                try await Self.clearDefault(of: customer, on: db, tenant: tenant)
                address.isDefault = true
            }
            try await address.save(on: db)
        }
        return address
    }

    func delete(_ address: Address, of customer: Customer) async throws {
        let tenant = self.tenant
        try await WriteTransaction.run(on: database) { db in
            try await Self.lock(customer, on: db)
            try await address.delete(on: db)
            guard address.isDefault,
                  let oldest = try await tenant.query(Address.self, on: db).filter(\.$customerID == customer.requireID())
                    .sort(\.$createdAt).sort(\.$id).first()
            else { return }
            oldest.isDefault = true
            try await oldest.save(on: db)
        }
    }

    /// The default address of each of these customers.
    static func defaults(for customers: [Customer], tenant: Tenant, on database: any Database) async throws -> [UUID: Address] {
        let ids = customers.compactMap(\.id)
        guard !ids.isEmpty else { return [:] }
        var list: SQLQueryString = "\(bind: ids[0])"
        for id in ids.dropFirst() { list = list + ", \(bind: id)" }
        // At most a page of customers, each read by the customer-id index.
        let addresses = try await tenant.select(Address.self, where: "is_default AND customer_id IN (" + list + ")", on: database,
                                                byKey: true)
        return Dictionary(addresses.map { ($0.customerID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Takes the customer's row lock (PostgreSQL) so that concurrent address changes queue up.
    static func lock(_ customer: Customer, on db: any Database) async throws {
        try await SQLRows.run("""
            UPDATE customers SET version = version WHERE id = \(bind: customer.requireID())
            AND organization_id = \(bind: customer.organizationID)
            """, on: try db.sql)
    }

    private static func clearDefault(of customer: Customer, on db: any Database, tenant: Tenant) async throws {
        try await tenant.query(Address.self, on: db).filter(\.$customerID == customer.requireID())
            .filter(\.$isDefault == true).set(\.$isDefault, to: false).update()
    }
}
