import ClienteleCore
import Foundation
import SQLKit

/// Customers with their possible-duplicate profiles (name, phone, email and address book), read by id in chunks,
/// always inside one organization.
struct DuplicateCandidates {
    let sql: any SQLDatabase
    let organizationID: UUID

    struct Person: Sendable {
        let id: UUID
        let name: String
        let phone: String?
        let email: String?
    }

    /// The customers among `ids` (and `condition`, a visibility rule), by id.
    func people(_ ids: [UUID], condition: SQLQueryString? = nil) async throws -> [UUID: Person] {
        var people: [UUID: Person] = [:]
        for start in stride(from: 0, to: ids.count, by: 500) {
            var query: SQLQueryString = "SELECT id, name, phone, email FROM customers WHERE " + SQLDialectKind(sql).byKey()
                + " = \(bind: organizationID) AND id IN (\(binds: Array(ids[start..<min(start + 500, ids.count)])))"
            if let condition { query = query + " AND " + condition }
            for row in try await SQLRows.all(query, on: sql) {
                let person = Person(id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                                    phone: try row.decode(column: "phone", as: String?.self),
                                    email: try row.decode(column: "email", as: String?.self))
                people[person.id] = person
            }
        }
        return people
    }

    /// The saved addresses of the customers among `ids`.
    func addresses(of ids: [UUID]) async throws -> [UUID: [DuplicateProfile.Address]] {
        var addresses: [UUID: [DuplicateProfile.Address]] = [:]
        for start in stride(from: 0, to: ids.count, by: 500) {
            let rows = try await SQLRows.all("""
                SELECT customer_id, line1, postal_code, city FROM addresses WHERE organization_id = \(bind: organizationID)
                AND customer_id IN (\(binds: Array(ids[start..<min(start + 500, ids.count)])))
                """, on: sql)
            for row in rows {
                addresses[try row.decode(column: "customer_id", as: UUID.self), default: []].append(.init(
                    line1: try row.decode(column: "line1", as: String?.self),
                    postalCode: try row.decode(column: "postal_code", as: String?.self),
                    city: try row.decode(column: "city", as: String?.self)))
            }
        }
        return addresses
    }

    /// Profiles of the customers among `ids` that exist (and pass `condition`).
    func profiles(_ ids: [UUID], condition: SQLQueryString? = nil) async throws -> [UUID: (Person, DuplicateProfile)] {
        let people = try await people(ids, condition: condition)
        let addresses = try await addresses(of: Array(people.keys))
        return people.mapValues { person in
            (person, DuplicateProfile(name: person.name, phone: person.phone, email: person.email, addresses: addresses[person.id] ?? []))
        }
    }
}
