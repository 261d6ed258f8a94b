import FluentPostgresDriver
import Foundation
import Logging

/// PostgreSQL: a customer by id with its default address, as a named prepared statement. PostgreSQL then plans it once
/// per connection instead of on every request: with the customers table's many indexes, planning the unnamed statement
/// took some 0.25–0.8 ms against 0.05 ms to run it — most of the database's work for the commonest read of the API.
/// The columns are named, not `customers.*`: a column that a newer instance's migration adds then does not change the
/// prepared statement's result (PostgreSQL refuses to run a cached plan whose row shape changed). The SQL is fixed,
/// so it carries no request-id comment; the connection's `application_name` still does.
struct CustomerByIDStatement: PostgresPreparedStatement {
    typealias Row = (Customer, Address?)

    static let sql = "SELECT " + CustomerColumns.all.map { "customers.\($0.name)" }.joined(separator: ", ") + ", "
        + Address.joinedColumns + " FROM customers " + CustomerAccess.defaultAddressJoin
        + " WHERE customers.organization_id = $1 AND customers.id = $2 LIMIT 1"

    let organizationID: UUID
    let id: UUID

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(organizationID)
        bindings.append(id)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        let fields = PostgresFastRow(row)
        return (try Customer.decode(row: fields), try Address.decode(joined: fields, prefix: "address_"))
    }

    /// The customer and its default address; nil when there is none with that id in the organization.
    static func run(organizationID: UUID, id: UUID, on postgres: any PostgresDatabase) async throws -> Row? {
        try await CustomerByIDStatement(organizationID: organizationID, id: id).rows(on: postgres).first
    }
}
