import Vapor

/// A courier's clients: `GET, POST /clients`, `GET, PATCH, DELETE /clients/{id}`, `POST /clients/{id}/invite`,
/// `GET /clients/{id}/timeline`.
struct ClientsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let clients = routes.grouped("clients")
        clients.get(use: list)
        clients.post(use: create)
        clients.get(":id", use: show)
        clients.patch(":id", use: update)
        clients.delete(":id", use: delete)
        clients.post(":id", "invite", use: invite)
        clients.get(":id", "timeline", use: timeline)
    }

    func list(req: Request) async throws -> Page<Client.Public> {
        let service = try await ClientService.make(for: req)
        var v = Validator()
        let status: ClientStatus? = v.oneOf(req.query[String.self, at: "status"], "status", allowed: ClientStatus.allCases)
        let search = v.text(req.query[String.self, at: "q"], "q", max: 200)
        try v.check()
        return try await service.list(status: status, search: search, try PageRequest(from: req))
    }

    func create(req: Request) async throws -> Response {
        let service = try await ClientService.make(for: req)
        return try await IdempotentRequest.respond(to: req) {
            let client = try await service.create(try req.decodeJSON(Client.Input.self))
            return try await client.asPublic.created(at: "/api/v1/clients/\(client.id!.canonicalString)", for: req)
        }
    }

    func show(req: Request) async throws -> Client.Public {
        try await ClientService.make(for: req).require(try req.uuidParameter("id")).asPublic
    }

    func update(req: Request) async throws -> Client.Public {
        let service = try await ClientService.make(for: req)
        let client = try await service.require(try req.uuidParameter("id"))
        if let ifMatch = req.headers.first(name: .ifMatch), let expected = Int(ifMatch.trimmingCharacters(in: CharacterSet(charactersIn: "\" W/"))),
           expected != client.version {
            throw Problem(.preconditionFailed, type: ProblemType.preconditionFailed,
                          detail: "The client changed since version \(expected); it is at version \(client.version)")
        }
        return try await service.update(client, try req.decodeJSON(Client.Input.self)).asPublic
    }

    func delete(req: Request) async throws -> HTTPStatus {
        let service = try await ClientService.make(for: req)
        try await service.delete(try await service.require(try req.uuidParameter("id")))
        return .noContent
    }

    func invite(req: Request) async throws -> Response {
        let service = try await ClientService.make(for: req)
        let client = try await service.invite(try await service.require(try req.uuidParameter("id")))
        return try await client.asPublic.encodeResponse(status: .accepted, for: req)
    }

    func timeline(req: Request) async throws -> Page<ClientEvent.Public> {
        let service = try await ClientService.make(for: req)
        return try await service.timeline(try await service.require(try req.uuidParameter("id")), try PageRequest(from: req))
    }
}
