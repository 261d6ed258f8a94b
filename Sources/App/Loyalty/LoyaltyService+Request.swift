import Vapor

extension LoyaltyService {
    /// The service and the customer a request names (`:id`), when the caller may `permission` and see the customer
    /// (else 403, or 404); changes are recorded as made through `source` (`api`, `dashboard`).
    static func forCustomer(_ req: Request, _ permission: Permission, source: String) async throws -> (LoyaltyService, Customer) {
        let principal = try req.principal
        try principal.require(permission)
        let access = try CustomerAccess(principal)
        guard let organization = try await req.organization(access.tenant.organizationID) else { throw Problem.notFound("organization") }
        let customer = try await access.require(try req.uuidParameter("id"), on: req.database)
        return (LoyaltyService(database: req.database, tenant: access.tenant, organization: organization,
                               actor: .user(principal.user, source: source)), customer)
    }
}

extension GiftCardService {
    /// The service for the caller's organization, when it may `permission`. The tenant first: a super admin outside
    /// any organization is told to choose one before being told what it may do.
    static func make(for req: Request, _ permission: Permission, source: String) async throws -> GiftCardService {
        let principal = try req.principal
        let tenant = try principal.tenant()
        try principal.require(permission)
        guard let organization = try await req.organization(tenant.organizationID) else { throw Problem.notFound("organization") }
        return GiftCardService(database: req.database, tenant: tenant, organization: organization, actor: .user(principal.user, source: source))
    }
}
