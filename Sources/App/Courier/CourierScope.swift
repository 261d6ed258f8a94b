import Vapor

/// The organization of a courier route: teams, clients and the client portal exist only in courier organizations
/// (`settings.courier`); elsewhere they answer 404, as a route that does not exist.
struct CourierScope: Sendable {
    let principal: Principal
    let tenant: Tenant
    let organization: Organization

    static func make(for req: Request) async throws -> CourierScope {
        let principal = try req.principal
        let tenant = try principal.tenant()
        guard let organization = try await req.organization(tenant.organizationID), organization.courier else {
            throw Problem(.notFound, type: ProblemType.notFound,
                          detail: "Not found: teams and clients exist only in a courier organization (settings.courier)")
        }
        return CourierScope(principal: principal, tenant: tenant, organization: organization,
                            source: req.url.path.hasPrefix("/api/") ? "api" : "dashboard")
    }

    /// Where the change came from: `api` or `dashboard`.
    let source: String

    var actor: Actor { .user(principal.user, source: source) }
}
