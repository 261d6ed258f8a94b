import Fluent
import Vapor

/// Which tasks a caller sees: all for admins and dispatchers, their own for agents, those of the
/// customers they manage for guest users. Anything else answers 404.
struct TaskAccess: Sendable {
    let tenant: Tenant
    let principal: Principal

    init(_ principal: Principal) throws {
        tenant = try principal.tenant()
        self.principal = principal
    }

    func query(on database: any Database) -> QueryBuilder<DeliveryTask> {
        let query = tenant.query(DeliveryTask.self, on: database)
        switch principal.role {
        case .agent:
            query.filter(\.$agentID == principal.userID)
        case .guest:
            query.filter(.sql(embed: """
                customer_id IN (SELECT id FROM customers WHERE organization_id = \(bind: tenant.organizationID)
                AND managed_by_id = \(bind: principal.userID))
                """))
        default:
            break
        }
        return query
    }

    func require(_ id: UUID, on database: any Database) async throws -> DeliveryTask {
        guard let task = try await query(on: database).filter(\.$id == id).first() else { throw Problem.notFound("task") }
        return task
    }

    /// The agents' names of these tasks, for the `agent` object.
    static func agentNames(of tasks: [DeliveryTask], tenant: Tenant, on database: any Database) async throws -> [UUID: String] {
        let ids = Array(Set(tasks.compactMap(\.agentID)))
        guard !ids.isEmpty else { return [:] }
        let users = try await tenant.query(User.self, on: database).filter(\.$id ~~ ids).all()
        return Dictionary(users.map { ($0.id!, $0.name) }, uniquingKeysWith: { first, _ in first })
    }
}
