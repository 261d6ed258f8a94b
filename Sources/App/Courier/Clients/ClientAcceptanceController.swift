import Vapor

/// The public ends of a client's links: `POST /client-invitations/accept` and `POST /client-emails/confirm`.
struct ClientAcceptanceController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("client-invitations", "accept", use: accept)
        routes.post("client-emails", "confirm", use: confirm)
    }

    func accept(req: Request) async throws -> Response {
        let accepted = try await acceptance(req).accept(try req.decodeJSON(ClientAcceptance.AcceptInput.self),
                                                        path: req.url.path, requestID: req.requestID)
        try await TokenRevocations.announce(req.tokenCache, on: req.database)
        return try await accepted.encodeResponse(status: .created, for: req)
    }

    func confirm(req: Request) async throws -> Client.Public {
        let client = try await acceptance(req).confirmEmail(try req.decodeJSON(ClientAcceptance.ConfirmInput.self),
                                                            path: req.url.path, requestID: req.requestID)
        try await TokenRevocations.announce(req.tokenCache, on: req.database)
        return client.asPublic
    }

    private func acceptance(_ req: Request) -> ClientAcceptance {
        ClientAcceptance(database: req.database, hasher: req.passwordHasher, tokenLifetime: req.application.config.tokenLifetime)
    }
}
