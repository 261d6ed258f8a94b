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

    /// The names of these tasks' agents and teams, for their `agent` and `team` objects.
    static func names(of tasks: [DeliveryTask], tenant: Tenant, on database: any Database) async throws -> TaskNames {
        var names = TaskNames()
        let agentIDs = Array(Set(tasks.compactMap(\.agentID)))
        if !agentIDs.isEmpty {
            let users = try await tenant.query(User.self, on: database).filter(\.$id ~~ agentIDs).all()
            names.agents = Dictionary(users.map { ($0.id!, $0.name) }, uniquingKeysWith: { first, _ in first })
        }
        let teamIDs = Array(Set(tasks.compactMap(\.teamID)))
        if !teamIDs.isEmpty {
            let teams = try await tenant.query(Team.self, on: database).filter(\.$id ~~ teamIDs).all()
            names.teams = Dictionary(teams.map { ($0.id!, $0.name) }, uniquingKeysWith: { first, _ in first })
        }
        return names
    }
}

/// The names of tasks' agents and teams, by id.
struct TaskNames: Sendable {
    var agents: [UUID: String] = [:]
    var teams: [UUID: String] = [:]
}
