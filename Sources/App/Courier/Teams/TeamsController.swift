import Vapor

/// A courier's teams: `GET, POST /teams`, `GET, PATCH, DELETE /teams/{id}`, `PUT /teams/{id}/members`.
struct TeamsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let teams = routes.grouped("teams")
        teams.get(use: list)
        teams.post(use: create)
        teams.get(":id", use: show)
        teams.patch(":id", use: update)
        teams.delete(":id", use: delete)
        teams.put(":id", "members", use: members)
    }

    private func service(_ req: Request) async throws -> TeamService {
        let scope = try await CourierScope.make(for: req)
        try scope.principal.require(.seeTeams)
        return TeamService(database: req.database, scope: scope)
    }

    func list(req: Request) async throws -> Page<Team.Public> {
        try await service(req).list(try PageRequest(from: req))
    }

    func create(req: Request) async throws -> Response {
        let service = try await service(req)
        let team = try await service.create(try req.decodeJSON(Team.Input.self))
        return try await service.present(team).created(at: "/api/v1/teams/\(team.id!.canonicalString)", for: req)
    }

    func show(req: Request) async throws -> Team.Public {
        let service = try await service(req)
        return try await service.present(try await service.require(try req.uuidParameter("id")))
    }

    func update(req: Request) async throws -> Team.Public {
        let service = try await service(req)
        let team = try await service.require(try req.uuidParameter("id"))
        return try await service.present(try await service.rename(team, try req.decodeJSON(Team.Input.self)))
    }

    func delete(req: Request) async throws -> HTTPStatus {
        let service = try await service(req)
        try await service.delete(try await service.require(try req.uuidParameter("id")))
        return .noContent
    }

    func members(req: Request) async throws -> Team.Public {
        let service = try await service(req)
        let team = try await service.require(try req.uuidParameter("id"))
        return try await service.setMembers(team, try req.decodeJSON(Team.MembersInput.self))
    }
}
