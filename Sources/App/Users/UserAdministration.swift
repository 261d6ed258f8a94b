import Fluent
import Vapor

/// An admin adding and changing the users of its organization: the API's `/users` routes and the dashboard's users
/// page both go through here, with the same validation and rules.
struct UserAdministration {
    let database: any Database
    let hasher: PasswordHasher
    let tokenCache: TokenCache
    let principal: Principal

    func create(_ body: User.Create) async throws -> User {
        let tenant = try principal.tenant()
        try principal.require(.manageUsers)
        var validator = Validator()
        let email = validator.email(body.email, "email", required: true)
        let name = validator.text(body.name, "name", required: true)
        let password = validator.password(body.password, "password")
        let role: Role? = validator.oneOf(body.role, "role", allowed: Role.organizationRoles, required: true)
        try validator.check()
        return try await UserDirectory(database: database, hasher: hasher)
            .create(organizationID: tenant.organizationID, email: email!, name: name!, role: role!, password: password!)
    }

    func update(_ id: UUID, with body: User.Update) async throws -> User {
        let tenant = try principal.tenant()
        let user = try await StaffUsers.require(id, in: tenant, on: database)
        try principal.require(.manageUsers)
        var validator = Validator()
        let email = validator.email(body.email, "email")
        let name = validator.text(body.name, "name")
        let password = validator.password(body.password, "password", required: false)
        let role: Role? = validator.oneOf(body.role, "role", allowed: Role.organizationRoles)
        try validator.check()

        let directory = UserDirectory(database: database, hasher: hasher)
        if (role != nil && role != .admin) || body.disabled == true {
            try await directory.ensureAnotherActiveAdmin(besides: user, in: tenant)
        }
        if let email, email != user.email {
            if try await directory.emailInUse(email, except: user.id) { throw Problem.conflict(UserDirectory.emailTaken, field: "email") }
            user.email = email
        }
        if let name { user.name = name }
        if let role { user.role = role }
        if let disabled = body.disabled { user.disabled = disabled }
        let passwordChanged = password != nil
        if let password { user.passwordHash = try await hasher.hash(password) }
        try await WriteTransaction.run(on: database) { db in
            try await user.save(on: db)
            // A disabled user is refused at once by the auth check; a new password ends every old session.
            if passwordChanged || user.disabled {
                try await Unscoped.query(APIToken.self, on: db).filter(\.$user.$id == user.requireID()).delete()
                try await DashboardSessions(database: db, lifetime: 0).endAll(of: user.requireID())
            }
        }
        // The user's tokens carry its role and name: none may be answered from before this change.
        try await TokenRevocations.announce(tokenCache, on: database)
        return user
    }
}

extension Request {
    var userAdministration: UserAdministration {
        get throws {
            UserAdministration(database: db, hasher: passwordHasher, tokenCache: tokenCache, principal: try principal)
        }
    }
}
