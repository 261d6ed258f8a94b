import Fluent
import FluentPostgresDriver
import Foundation
import SQLKit
import Vapor

/// Email, phone and external id are unique per organization (and names, when the organization says so).
/// Checked first, in one statement, for a precise answer; the unique indexes decide when two requests race.
struct CustomerUniqueness {
    let database: any Database
    let tenant: Tenant

    /// Checks the customer's unique values, or of a stored customer only those of the `changed` fields (the others
    /// are unique already: the indexes saw to that when they were written).
    func check(_ customer: Customer, changed: [String]? = nil) async throws {
        func checks(_ field: String) -> Bool { changed?.contains(field) ?? true }
        if let postgres = database as? any PostgresDatabase, let id = customer.id {
            let email = checks("email") ? customer.email : nil, phone = checks("phone") ? customer.phone : nil
            let external = checks("external_id") ? customer.externalID : nil, key = checks("name") ? customer.uniqueNameKey : nil
            guard email != nil || phone != nil || external != nil || key != nil else { return }
            let clashes = try await CustomerUniquenessStatement(organizationID: tenant.organizationID, id: id, email: email, phone: phone,
                                                                externalID: external, uniqueNameKey: key).rows(on: postgres)
            try Self.judge(email: clashes.contains { email != nil && $0.email == email },
                           phone: clashes.contains { phone != nil && $0.phone == phone },
                           externalID: clashes.contains { external != nil && $0.externalID == external },
                           name: clashes.contains { key != nil && $0.uniqueNameKey == key })
            return
        }
        var candidates: [SQLQueryString] = []
        if checks("email"), let email = customer.email { candidates.append("email = \(bind: email)") }
        if checks("phone"), let phone = customer.phone { candidates.append("phone = \(bind: phone)") }
        if checks("external_id"), let external = customer.externalID { candidates.append("external_id = \(bind: external)") }
        if checks("name"), let key = customer.uniqueNameKey { candidates.append("unique_name_key = \(bind: key)") }
        guard !candidates.isEmpty else { return }
        // One SELECT per key, each served by its unique index: SQLite reads the whole organization for an OR of three
        // or more of these conditions (it has no statistics to tell it better).
        var query: SQLQueryString = ""
        for (index, candidate) in candidates.enumerated() {
            query = query + (index == 0 ? "" : " UNION ALL ")
                + "SELECT email, phone, external_id, unique_name_key FROM customers WHERE organization_id = \(bind: tenant.organizationID) AND "
                + candidate
            if let id = customer.id { query = query + " AND id <> \(bind: id)" }
        }
        let clashes = try await SQLRows.all(query + " LIMIT 8", on: try database.sql)
        func clash(_ column: String, _ value: String?) throws -> Bool {
            guard let value else { return false }
            return try clashes.contains { try $0.decode(column: column, as: String?.self) == value }
        }
        try Self.judge(email: try clash("email", customer.email), phone: try clash("phone", customer.phone),
                       externalID: try clash("external_id", customer.externalID), name: try clash("unique_name_key", customer.uniqueNameKey))
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

    /// Translates a unique-index violation into the same answers as `check`.
    static func problem(for error: any Error) -> Problem? {
        guard let db = error as? any DatabaseError, db.isConstraintFailure else { return nil }
        let text = String(reflecting: error)
        if text.contains("unique_name_key") { return Problem.conflict(CustomerRules.duplicateName, field: "name") }
        if text.contains("external_id") { return Problem.conflict("External ID is already used", field: "external_id") }
        if text.contains("email") { return contactConflict(fields: ["email"]) }
        if text.contains("phone") { return contactConflict(fields: ["phone"]) }
        return nil
    }
}
