import FluentPostgresDriver
import Foundation

/// PostgreSQL: how many guest orders of the organization carry a new customer's email or phone, asked before every
/// create written as one statement (`CustomerService`), as one named prepared statement. Unprepared, planning it took
/// 0.12 ms of the database's CPU per create against 0.008 ms to run it (`benchmarks/pg_statements.py`); prepared, it
/// is planned once per connection. A missing contact is NULL, which no order's equals: its count is 0 at once.
/// Each half is served by its partial guest-order index (`organization_id, contact_…` where `customer_id IS NULL`).
struct GuestOrderCountStatement: PostgresPreparedStatement {
    typealias Row = Int

    static let sql = """
        SELECT (SELECT count(*) FROM orders WHERE organization_id = $1 AND customer_id IS NULL AND contact_email = $2)
            + (SELECT count(*) FROM orders WHERE organization_id = $1 AND customer_id IS NULL AND contact_phone = $3)
        """

    let organizationID: UUID
    let email: String?
    let phone: String?

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 3)
        bindings.append(organizationID)
        bindings.append(email)
        bindings.append(phone)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode(Int.self)
    }
}
