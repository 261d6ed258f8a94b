import Fluent
import Vapor

/// Which customers a caller may see and change: all of the organization for admins and dispatchers,
/// only those they manage for guest users. Agents see customers through tasks assigned to them.
struct CustomerAccess: Sendable {
    let tenant: Tenant
    let principal: Principal

    init(_ principal: Principal) throws {
        self.tenant = try principal.tenant()
        self.principal = principal
        if principal.role == .agent {
            throw Problem.forbidden("Agents see customers through the tasks assigned to them")
        }
    }

    /// A guest user sees only the customers it manages.
    var managedByOnly: UUID? { principal.role == .guest ? principal.userID : nil }
    var seesNotes: Bool { principal.role != .guest }

    func query(on database: any Database) -> QueryBuilder<Customer> {
        let query = tenant.query(Customer.self, on: database)
        if let managedByOnly { query.filter(\.$managedByID == managedByOnly) }
        return query
    }

    /// The customer, or 404 when it is missing, another organization's, or not visible to this caller.
    func require(_ id: UUID, on database: any Database) async throws -> Customer {
        guard let customer = try await query(on: database).filter(\.$id == id).first() else {
            throw Problem.notFound("customer")
        }
        return customer
    }
}
