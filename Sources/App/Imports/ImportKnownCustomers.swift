import Fluent
import Foundation
import SQLKit

/// The customers one import batch can match, by the same keys as `ImportMatcher` (phone, then email, then the name
/// of a customer without either): the organization's existing customers with the batch's phones, emails and names,
/// read in one query per key, and the batch's own new customers as they are added. A stored customer stays a row
/// until a row of the batch needs the record: a record costs far more to decode than the row, and most matches of a
/// re-imported file change nothing (`CustomerIntake.fillWouldChange` tells that from the row).
final class ImportKnownCustomers {
    /// A customer the batch may match.
    final class Entry {
        let id: UUID
        let phone: String?
        let email: String?
        let nameKey: String
        private var row: (any SQLRow)?
        private var record: Customer?

        init(row: any SQLRow) throws {
            id = try row.decode(column: "id", as: UUID.self)
            phone = try row.decode(column: "phone", as: String?.self)
            email = try row.decode(column: "email", as: String?.self)
            nameKey = try row.decode(column: "name_key", as: String.self)
            self.row = row
        }

        init(_ customer: Customer) {
            id = customer.id!
            phone = customer.phone
            email = customer.email
            nameKey = customer.nameKey
            record = customer
        }

        /// A customer the batch creates, known by its keys until it is written.
        init(new item: CustomerBulkInsert.Item) {
            id = item.id
            phone = item.phone
            email = item.email
            nameKey = item.nameKey
        }

        /// Whether this is a customer the batch creates: its record is the database's to tell once it is written.
        var isNew: Bool { row == nil && record == nil }

        /// The record, decoded from its row the first time.
        func customer() throws -> Customer {
            if let record { return record }
            guard let row else { preconditionFailure("a new customer's record is read back once it is written") }
            let decoded = try Customer.decode(row: row)
            record = decoded
            self.row = nil
            return decoded
        }

        /// Whether the customer holds nothing in `column` (see `Customer.lacks`).
        func lacks(_ column: String) throws -> Bool {
            if let record { return record.lacks(column) }
            guard let row else { preconditionFailure("a new customer's record is read back once it is written") }
            if let empty = CustomerColumns.byName[column]?.emptyText { return try row.decode(column: column, as: String.self) == empty }
            return try row.decodeNil(column: column)
        }
    }

    private var byPhone: [String: Entry] = [:]
    private var byEmail: [String: Entry] = [:]
    private var byName: [String: Entry] = [:]
    /// The customers read from the database (one can come back from two of the queries).
    private(set) var storedIDs = Set<UUID>()
    /// The emails and phones of the customers read from the database.
    private(set) var storedEmails = Set<String>(), storedPhones = Set<String>()

    static func load(_ identities: [ImportIdentity], organizationID: UUID, on database: any Database) async throws -> ImportKnownCustomers {
        let known = ImportKnownCustomers()
        let phones = Set(identities.compactMap(\.phone)), emails = Set(identities.compactMap(\.email))
        let names = Set(identities.compactMap(\.nameKey))
        // One query per key, each served by its own index: SQLite reads the whole organization for an OR of
        // IN lists over different columns (a few hundred milliseconds per batch at a million customers).
        let postgres = SQLDialectKind(database) == .postgres
        func query(_ column: String, _ values: Set<String>) -> SQLQueryString {
            guard postgres else {
                return "SELECT * FROM customers WHERE organization_id = \(bind: organizationID) AND \(unsafeRaw: column) IN (\(binds: Array(values)))"
            }
            // PostgreSQL: the keys as one array parameter joined to the organization's unique btree index, one probe
            // per key (a list of 500 (organization, key) pairs took 70 ms to plan against 3 ms to run).
            return "SELECT customers.* FROM unnest(\(bind: Array(values))::text[]) AS wanted(key) JOIN customers"
                + " ON customers.organization_id = \(bind: organizationID) AND customers.\(unsafeRaw: column) = wanted.key"
        }
        let queries: [SQLQueryString] = [
            phones.isEmpty ? nil : query("phone", phones),
            emails.isEmpty ? nil : query("email", emails),
            names.isEmpty ? nil : query("name_key", names) + " AND customers.phone IS NULL AND customers.email IS NULL",
        ].compactMap { $0 }
        @Sendable func readAll(on sql: any SQLDatabase) async throws -> [any SQLRow] {
            var rows: [any SQLRow] = []
            for query in queries { rows += try await SQLRows.all(query, on: sql) }
            return rows
        }
        let rows = postgres
            ? try await database.transaction { db in
                let sql = try db.sql
                // Without bitmap scans, the only kind the trigram indexes do (pg_trgm answers `=` too): the planner
                // costs a trigram probe of a phone below the btree's, and each took 1.6 ms (0.8 s per batch at 30,000
                // customers, against 4 ms by the btree). In the batch's transaction, for these queries only.
                try await sql.raw("SET LOCAL enable_bitmapscan = off").run()
                let rows = try await readAll(on: sql)
                try await sql.raw("SET LOCAL enable_bitmapscan TO DEFAULT").run()
                return rows
            }
            : try await readAll(on: try database.sql)
        for row in rows {
            let entry = try Entry(row: row)
            guard known.storedIDs.insert(entry.id).inserted else { continue }
            known.add(entry)
            if let email = entry.email { known.storedEmails.insert(email) }
            if let phone = entry.phone { known.storedPhones.insert(phone) }
        }
        return known
    }

    func match(_ identity: ImportIdentity) -> Entry? {
        matchWithKey(identity)?.entry
    }

    /// The customer `identity` means and the key it was found by (`phone`, `email` or `name`), as `ImportMatcher`.
    func matchWithKey(_ identity: ImportIdentity) -> (entry: Entry, by: String)? {
        if let phone = identity.phone, let found = byPhone[phone] { return (found, "phone") }
        if let email = identity.email, let found = byEmail[email] { return (found, "email") }
        if let name = identity.nameKey, let found = byName[name] { return (found, "name") }
        return nil
    }

    /// Indexes `customer` by its current phone, email or (without both) name.
    func add(_ customer: Customer) {
        add(Entry(customer))
    }

    /// Indexes a customer the batch creates.
    func add(_ item: CustomerBulkInsert.Item) {
        add(Entry(new: item))
    }

    func add(_ entry: Entry) {
        if let phone = entry.phone, byPhone[phone] == nil { byPhone[phone] = entry }
        if let email = entry.email, byEmail[email] == nil { byEmail[email] = entry }
        if entry.phone == nil, entry.email == nil, byName[entry.nameKey] == nil { byName[entry.nameKey] = entry }
    }

    /// Forgets `entry` under its keys (before a change that may move them).
    func remove(_ entry: Entry) {
        if let phone = entry.phone, byPhone[phone] === entry { byPhone[phone] = nil }
        if let email = entry.email, byEmail[email] === entry { byEmail[email] = nil }
        if byName[entry.nameKey] === entry { byName[entry.nameKey] = nil }
    }
}
