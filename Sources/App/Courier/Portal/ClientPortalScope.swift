import Vapor

/// The client a client user acts for, in its courier's organization. A client that is gone answers 401, like a
/// token that stopped (its users are disabled in the transaction that deletes it).
struct ClientPortalScope: Sendable {
    let principal: Principal
    let tenant: Tenant
    let organization: Organization
    let client: Client

    var clientID: UUID { client.id! }

    static func make(for req: Request) async throws -> ClientPortalScope {
        let principal = try req.principal
        guard let clientID = principal.clientID else { throw Problem.forbidden("These are the client portal's routes, for client users only") }
        let tenant = try principal.tenant()
        guard let organization = try await req.organization(tenant.organizationID), organization.courier else {
            throw Problem.notFound("client portal")
        }
        guard let client = try await tenant.find(Client.self, id: clientID, on: req.database), client.clientStatus == .active else {
            throw Problem.unauthorized(TokenAuthMiddleware.invalidToken)
        }
        return ClientPortalScope(principal: principal, tenant: tenant, organization: organization, client: client)
    }

    var actor: Actor { .user(principal.user, source: "client_portal") }
}
