import FluentPostgresDriver
import Foundation

/// PostgreSQL: the look-ups of `DuplicateFinder` for a caller who sees the whole organization, as one named prepared
/// statement. Planning the union of its lanes against the customers table's many indexes took 0.84 ms of the
/// database's CPU on every create (`benchmarks/pg_statements.py`), against 0.03 ms to run it; a prepared statement is
/// planned once per connection. So its SQL is fixed: every lane is always there, and a lane whose key the customer
/// lacks gets NULL (or an empty list), which no row equals — its index probe finds nothing at once.
///
/// Each lane is an equality on one key with the organization first, as its partial index is (`organization_id, key`);
/// the same-name lanes test the name as a filter on the rows the contact's index finds (the reason is in
/// `DuplicateFinder`), so even a generic plan has only the contact's index to drive by.
struct DuplicateLookupStatement: PostgresPreparedStatement {
    typealias Row = UUID

    static let sql: String = {
        let sameName = "(dup_name_key = ANY($7::text[]) OR dup_name_initial_key = $8)"
        var lanes: [String] = []
        for (column, parameter) in [("dup_phone_key", "$3"), ("dup_email_key", "$4"), ("dup_email_local_key", "$5")] {
            let lane = "SELECT id FROM customers WHERE organization_id = $1 AND id <> $2 AND \(column) = \(parameter)"
            lanes.append("(\(lane) LIMIT $6)")
            lanes.append("(\(lane) AND \(sameName) LIMIT $6)")
        }
        lanes.append("""
            (SELECT customer_id AS id FROM addresses WHERE organization_id = $1 AND dup_key = ANY($9::text[]) \
            AND customer_id <> $2 LIMIT $6)
            """)
        return lanes.joined(separator: " UNION ")
    }()

    let organizationID: UUID
    let selfID: UUID
    let phoneKey: String?
    let emailKey: String?
    let emailLocalKey: String?
    let perLookup: Int
    let names: [String]
    let initial: String?
    let addressKeys: [String]

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 9)
        bindings.append(organizationID)
        bindings.append(selfID)
        bindings.append(phoneKey)
        bindings.append(emailKey)
        bindings.append(emailLocalKey)
        bindings.append(perLookup)
        bindings.append(names)
        bindings.append(initial)
        bindings.append(addressKeys)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode(UUID.self)
    }
}
