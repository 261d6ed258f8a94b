import Vapor

/// `POST /messages`: a marketing message to the customers named by ids or by the list's filters, who opted in.
struct MessagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("messages", use: send)
    }

    func send(req: Request) async throws -> Response {
        let principal = try req.principal
        let access = try CustomerAccess(principal)
        try principal.require(.sendMessages)
        guard let organization = try await req.organization(access.tenant.organizationID) else { throw Problem.notFound("organization") }
        let messages = MarketingMessages(database: req.database, organization: organization, access: access,
                                         config: req.application.config.outbox)
        return try await IdempotentRequest.respond(to: req) {
            let result = try await messages.send(try req.decodeJSON(MarketingMessageInput.self))
            let response = Response(status: .accepted)
            try response.content.encode(result, as: .json)
            return response
        }
    }
}
