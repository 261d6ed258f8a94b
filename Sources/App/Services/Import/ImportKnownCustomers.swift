import Fluent
import Foundation
import SQLKit

/// The customers one import batch can match, by the same keys as `ImportMatcher` (phone, then email, then the name
/// of a customer without either): the organization's existing customers with the batch's phones, emails and names,
/// read in one query, and the batch's own new customers as they are added.
final class ImportKnownCustomers {
    private var byPhone: [String: Customer] = [:]
    private var byEmail: [String: Customer] = [:]
    private var byName: [String: Customer] = [:]
    /// Read from the database already (a customer can come back from two of the queries).
    private var loaded = Set<UUID>()

    static func load(_ identities: [ImportIdentity], organizationID: UUID, on database: any Database) async throws -> ImportKnownCustomers {
        let known = ImportKnownCustomers()
        let phones = Set(identities.compactMap(\.phone)), emails = Set(identities.compactMap(\.email))
        let names = Set(identities.compactMap(\.nameKey))
        // One query per key, each served by its own index: SQLite reads the whole organization for an OR of
        // IN lists over different columns (a few hundred milliseconds per batch at a million customers).
        var keys: [SQLQueryString] = []
        if !phones.isEmpty { keys.append("phone IN (\(binds: Array(phones)))") }
        if !emails.isEmpty { keys.append("email IN (\(binds: Array(emails)))") }
        if !names.isEmpty { keys.append("name_key IN (\(binds: Array(names))) AND phone IS NULL AND email IS NULL") }
        for key in keys {
            let rows = try await SQLRows.all(
                "SELECT * FROM customers WHERE organization_id = \(bind: organizationID) AND " + key, on: database as! any SQLDatabase
            )
            // A customer found by phone comes back by email too: it is decoded once (a record costs far more to
            // decode than its id).
            for row in rows where known.loaded.insert(try row.decode(column: "id", as: UUID.self)).inserted {
                known.add(try Customer.decode(row: row))
            }
        }
        return known
    }

    func match(_ identity: ImportIdentity) -> Customer? {
        if let phone = identity.phone, let found = byPhone[phone] { return found }
        if let email = identity.email, let found = byEmail[email] { return found }
        if let name = identity.nameKey, let found = byName[name] { return found }
        return nil
    }

    /// Indexes `customer` by its current phone, email or (without both) name.
    func add(_ customer: Customer) {
        if let phone = customer.phone, byPhone[phone] == nil { byPhone[phone] = customer }
        if let email = customer.email, byEmail[email] == nil { byEmail[email] = customer }
        if customer.phone == nil, customer.email == nil, byName[customer.nameKey] == nil { byName[customer.nameKey] = customer }
    }

    /// Forgets `customer` under its current keys (before a change that may move them).
    func remove(_ customer: Customer) {
        if let phone = customer.phone, byPhone[phone] === customer { byPhone[phone] = nil }
        if let email = customer.email, byEmail[email] === customer { byEmail[email] = nil }
        if byName[customer.nameKey] === customer { byName[customer.nameKey] = nil }
    }
}
