import Fluent
import SQLKit
import Vapor

/// Which orders a caller sees: all of the organization for admins and dispatchers, those of the customers
/// they manage for guest users. Agents work through tasks and see no orders.
struct OrderAccess: Sendable {
    let tenant: Tenant
    let principal: Principal

    init(_ principal: Principal) throws {
        tenant = try principal.tenant()
        self.principal = principal
        try principal.require(.seeOrders)
    }

    func query(on database: any Database) -> QueryBuilder<Order> {
        let query = tenant.query(Order.self, on: database)
        if principal.role == .guest {
            query.filter(.sql(embed: """
                customer_id IN (SELECT id FROM customers WHERE organization_id = \(bind: tenant.organizationID)
                AND managed_by_id = \(bind: principal.userID))
                """))
        }
        return query
    }

    func require(_ id: UUID, on database: any Database) async throws -> Order {
        guard let order = try await query(on: database).filter(\.$id == id).first() else { throw Problem.notFound("order") }
        return order
    }
}
