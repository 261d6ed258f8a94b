import Fluent
import Vapor

/// The users of the caller's organization. Admins manage them; dispatchers may list them.
struct UsersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let users = routes.grouped("users")
        users.get(use: list)
        users.post(use: create)
        users.get(":id", use: show)
        users.patch(":id", use: update)
        users.delete(":id", use: delete)
    }

    func list(req: Request) async throws -> Page<User.Public> {
        let principal = try req.principal
        let tenant = try principal.tenant()
        try principal.require(.viewUsers)
        let pageRequest = try PageRequest(from: req)
        let query = StaffUsers.query(tenant, on: req.database)
        if let role = req.query[String.self, at: "role"] {
            var validator = Validator()
            let parsed: Role? = validator.oneOf(role, "role", allowed: Role.organizationRoles)
            try validator.check()
            query.filter(\.$role == parsed!)
        }
        let result = try await pageRequest.fetch(query, orderedBy: \.$email, keyOf: \.email)
        return Page(result.items.map(\.asPublic), total: result.total, nextCursor: result.nextCursor, request: pageRequest)
    }

    func show(req: Request) async throws -> User.Public {
        let principal = try req.principal
        let tenant = try principal.tenant()
        let user = try await StaffUsers.require(try req.uuidParameter("id"), in: tenant, on: req.database)
        guard principal.role.allows(.viewUsers) || user.id == principal.userID else {
            throw Problem.forbidden("Your role (\(principal.role.rawValue)) does not allow this")
        }
        return user.asPublic
    }

    func create(req: Request) async throws -> Response {
        let user = try await req.userAdministration.create(try req.decodeJSON(User.Create.self))
        return try await user.asPublic.created(at: "/api/v1/users/\(user.id!.canonicalString)", for: req)
    }

    func update(req: Request) async throws -> User.Public {
        let id = try req.uuidParameter("id")
        return try await req.userAdministration.update(id, with: try req.decodeJSON(User.Update.self)).asPublic
    }

    func delete(req: Request) async throws -> HTTPStatus {
        let principal = try req.principal
        let tenant = try principal.tenant()
        let user = try await StaffUsers.require(try req.uuidParameter("id"), in: tenant, on: req.database)
        try principal.require(.manageUsers)
        try await UserDirectory(database: req.database, hasher: req.passwordHasher).ensureAnotherActiveAdmin(besides: user, in: tenant)
        try await WriteTransaction.run(on: req.database) { db in
            try await Unscoped.query(APIToken.self, on: db).filter(\.$user.$id == user.requireID()).delete()
            try await user.delete(on: db)
        }
        try await TokenRevocations.announce(req.tokenCache, on: req.database)
        return .noContent
    }
}
