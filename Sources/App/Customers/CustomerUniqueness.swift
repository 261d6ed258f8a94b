import Fluent
import FluentPostgresDriver
import Foundation
import SQLKit
import Vapor

/// Email, phone and external id are unique per organization (and names, when the organization says so).
/// Checked in one statement for a precise answer (every clashing field named); the unique indexes decide when two
/// requests race.
struct CustomerUniqueness {
    let database: any Database
    let tenant: Tenant

    /// Checks the customer's unique values, or of a stored customer only those of the `changed` fields (the others
    /// are unique already: the indexes saw to that when they were written).
    func check(_ customer: Customer, changed: [String]? = nil) async throws {
        func checked(_ field: String, _ value: String?) -> String? { changed?.contains(field) ?? true ? value : nil }
        let email = checked("email", customer.email), phone = checked("phone", customer.phone)
        let external = checked("external_id", customer.externalID), key = checked("name", customer.uniqueNameKey)
        guard email != nil || phone != nil || external != nil || key != nil else { return }
        let clashes: [CustomerUniquenessStatement.Row]
        if let postgres = database as? any PostgresDatabase, let id = customer.id {
            clashes = try await CustomerUniquenessStatement(organizationID: tenant.organizationID, id: id, email: email, phone: phone,
                                                            externalID: external, uniqueNameKey: key).rows(on: postgres)
        } else {
            // One SELECT per key, each served by its unique index: SQLite reads the whole organization for an OR of
            // three or more of these conditions (it has no statistics to tell it better).
            var query: SQLQueryString = ""
            let wanted = [("email", email), ("phone", phone), ("external_id", external), ("unique_name_key", key)].filter { $0.1 != nil }
            for (index, (column, value)) in wanted.enumerated() {
                query = query + (index == 0 ? "" : " UNION ALL ")
                    + "SELECT email, phone, external_id, unique_name_key FROM customers WHERE organization_id = \(bind: tenant.organizationID) AND "
                    + "\(unsafeRaw: column) = \(bind: value)"
                if let id = customer.id { query = query + " AND id <> \(bind: id)" }
            }
            clashes = try await SQLRows.all(query + " LIMIT 8", on: try database.sql).map { row in
                (try row.decode(column: "email", as: String?.self), try row.decode(column: "phone", as: String?.self),
                 try row.decode(column: "external_id", as: String?.self), try row.decode(column: "unique_name_key", as: String?.self))
            }
        }
        try Self.judge(email: email != nil && clashes.contains { $0.email == email },
                       phone: phone != nil && clashes.contains { $0.phone == phone },
                       externalID: external != nil && clashes.contains { $0.externalID == external },
                       name: key != nil && clashes.contains { $0.uniqueNameKey == key })
    }

    /// Runs `write`, which stores `customer` (or of a stored customer its `changed` fields), under the check. On SQLite
    /// the check comes first: a statement refused inside a group commit would send every writer of the group back to
    /// run alone. So it does inside a caller's transaction (an import batch, a merge), which a refused statement would
    /// end on PostgreSQL. Otherwise, on PostgreSQL, the unique indexes check as the row is written, and the precise
    /// check runs only when one refused it (after `write`'s own transaction rolled back): a create or save is then one
    /// round trip shorter, and answers a clash exactly as before.
    func guarding<T>(_ customer: Customer, changed: [String]? = nil, _ write: () async throws -> T) async throws -> T {
        let checksFirst = SQLDialectKind(database) == .sqlite || database.inTransaction
        if checksFirst { try await check(customer, changed: changed) }
        do {
            return try await write()
        } catch {
            guard let refused = Self.problem(for: error) else { throw error }
            if !checksFirst { try await check(customer, changed: changed) }
            throw refused
        }
    }

    /// The answer to the clashes found: the contact fields together, then the external id, then the name.
    private static func judge(email: Bool, phone: Bool, externalID: Bool, name: Bool) throws {
        let contact = [("email", email), ("phone", phone)].filter(\.1).map(\.0)
        if !contact.isEmpty { throw contactConflict(fields: contact) }
        if externalID { throw Problem.conflict("External ID is already used", field: "external_id") }
        if name { throw Problem.conflict(CustomerRules.duplicateName, field: "name") }
    }

    static func contactConflict(fields: [String]) -> Problem {
        Problem(.conflict, type: ProblemType.conflict, detail: CustomerRules.duplicateContact,
                errors: fields.map { .init(field: $0, message: CustomerRules.duplicateContact) })
    }

    /// Translates a unique-index violation into the same answers as `check` (for one field: the index that refused
    /// the row, named by PostgreSQL's error or in SQLite's message).
    static func problem(for error: any Error) -> Problem? {
        guard let db = error as? any DatabaseError, db.isConstraintFailure else { return nil }
        // PostgreSQL's error also quotes the statement, whose column list names every unique column.
        let text = (error as? PSQLError)?.serverInfo?[.constraintName] ?? String(reflecting: error)
        if text.contains("unique_name_key") { return Problem.conflict(CustomerRules.duplicateName, field: "name") }
        if text.contains("external_id") { return Problem.conflict("External ID is already used", field: "external_id") }
        if text.contains("email") { return contactConflict(fields: ["email"]) }
        if text.contains("phone") { return contactConflict(fields: ["phone"]) }
        return nil
    }
}
