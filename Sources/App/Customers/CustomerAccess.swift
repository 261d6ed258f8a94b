import Fluent
import FluentPostgresDriver
import SQLKit
import Vapor

/// Which customers a caller may see and change: all of the organization for admins and dispatchers,
/// only those they manage for guest users, and for agents only the customers of tasks assigned to them —
/// of whom they see name, phone, address and notes.
struct CustomerAccess: Sendable {
    let tenant: Tenant
    let principal: Principal

    init(_ principal: Principal) throws {
        self.tenant = try principal.tenant()
        self.principal = principal
    }

    /// A guest user sees only the customers it manages.
    var managedByOnly: UUID? { principal.role == .guest ? principal.userID : nil }
    var seesNotes: Bool { principal.role != .guest }

    var isAgent: Bool { principal.role == .agent }

    /// Whether the caller sees every customer of the organization (neither a guest nor an agent).
    var seesWholeOrganization: Bool { managedByOnly == nil && !isAgent }

    func present(_ customer: Customer, defaultAddress: Address?) -> Customer.Public {
        Customer.Public(customer, includeNotes: seesNotes, defaultAddress: defaultAddress, deliveryViewOnly: isAgent)
    }

    func query(on database: any Database) -> QueryBuilder<Customer> {
        let query = tenant.query(Customer.self, on: database)
        if let managedByOnly { query.filter(\.$managedByID == managedByOnly) }
        if isAgent { query.filter(.sql(embed: assignedToAgent)) }
        return query
    }

    /// Customers with a task assigned to the calling agent.
    var assignedToAgent: SQLQueryString {
        """
        customers.id IN (SELECT customer_id FROM tasks WHERE organization_id = \(bind: tenant.organizationID)
        AND agent_id = \(bind: principal.userID))
        """
    }

    /// The customer, or 404 when it is missing, another organization's, or not visible to this caller.
    func require(_ id: UUID, on database: any Database) async throws -> Customer {
        guard let customer = try await find(id, on: database) else { throw Problem.notFound("customer") }
        return customer
    }

    /// Joins each customer's default address (its columns as `Address.joinedColumns` names them), if it has one.
    static let defaultAddressJoin = "LEFT JOIN addresses ON addresses.customer_id = customers.id "
        + "AND addresses.organization_id = customers.organization_id AND addresses.is_default"

    /// The customer with its default address, in one query; 404 like `require`.
    func requireWithDefaultAddress(_ id: UUID, on database: any Database) async throws -> (Customer, Address?) {
        if seesWholeOrganization, let postgres = database as? any PostgresDatabase {
            guard let found = try await CustomerByIDStatement.run(organizationID: tenant.organizationID, id: id, on: postgres) else {
                throw Problem.notFound("customer")
            }
            return found
        }
        var sql = SQLQueryString("SELECT customers.*, \(unsafeRaw: Address.joinedColumns) FROM customers \(unsafeRaw: Self.defaultAddressJoin) ")
            + "WHERE customers.organization_id = \(bind: tenant.organizationID) AND customers.id = \(bind: id)"
        if let managedByOnly { sql = sql + " AND customers.managed_by_id = \(bind: managedByOnly)" }
        if isAgent { sql = sql + " AND " + assignedToAgent }
        guard let row = try await SQLRows.first(sql + " LIMIT 1", on: try database.sql, byKey: true) else {
            throw Problem.notFound("customer")
        }
        return (try Customer.decode(row: row), try Address.decode(joined: row, prefix: "address_"))
    }

    /// The customer when this caller may see it.
    func find(_ id: UUID, on database: any Database) async throws -> Customer? {
        var condition: SQLQueryString = "id = \(bind: id)"
        if let managedByOnly { condition = condition + " AND managed_by_id = \(bind: managedByOnly)" }
        if isAgent { condition = condition + " AND " + assignedToAgent }
        return try await tenant.select(Customer.self, where: condition, suffix: " LIMIT 1", on: database).first
    }
}
