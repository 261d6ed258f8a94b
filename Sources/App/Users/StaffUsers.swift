import Fluent
import Vapor

/// An organization's staff: its users but the client users of a courier's clients, who are managed through their
/// client (`/clients`) and never through `/users` — there they answer 404, so no role can be given to them.
enum StaffUsers {
    static func query(_ tenant: Tenant, on database: any Database) -> QueryBuilder<User> {
        tenant.query(User.self, on: database).filter(\.$role != .client)
    }

    static func require(_ id: UUID, in tenant: Tenant, on database: any Database) async throws -> User {
        guard let user = try await query(tenant, on: database).filter(\.$id == id).first() else { throw Problem.notFound("user") }
        return user
    }
}
