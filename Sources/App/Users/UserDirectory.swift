import Fluent
import Vapor

/// Creating and changing users: the rules shared by the API, organization creation and the CLI.
struct UserDirectory {
    let database: any Database
    let hasher: PasswordHasher

    static let emailTaken = "Email is already used"

    func emailInUse(_ email: String, except id: UUID? = nil) async throws -> Bool {
        let query = Unscoped.query(User.self, on: database).filter(\.$email == email)
        if let id { query.filter(\.$id != id) }
        return try await query.count() > 0
    }

    func create(organizationID: UUID?, email: String, name: String, role: Role, password: String,
                emailField: String = "email") async throws -> User {
        if try await emailInUse(email) { throw Problem.conflict(Self.emailTaken, field: emailField) }
        let user = User(organizationID: organizationID, email: email, name: name, role: role,
                        passwordHash: try await hasher.hash(password))
        try await WriteTransaction.run(on: database) { try await user.create(on: $0) }
        return user
    }

    /// Throws 409 when the change would leave an organization with no active admin.
    func ensureAnotherActiveAdmin(besides user: User, in tenant: Tenant) async throws {
        guard user.role == .admin, !user.disabled else { return }
        let others = try await tenant.query(User.self, on: database)
            .filter(\.$role == .admin).filter(\.$disabled == false).filter(\.$id != user.requireID()).count()
        if others == 0 {
            throw Problem.conflict("An organization needs at least one active admin")
        }
    }
}
