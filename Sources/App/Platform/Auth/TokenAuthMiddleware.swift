import Fluent
import Vapor

/// Resolves `Authorization: Bearer …` to a principal and the organization it acts in. A super admin
/// names an organization with `X-Organization-Id`; each such request lands in the audit log.
struct TokenAuthMiddleware: AsyncMiddleware {
    static let invalidToken = "The token is missing, invalid, expired or revoked"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let bearer = request.headers.bearerAuthorization?.token else {
            throw Problem.unauthorized("Send Authorization: Bearer <token>; get a token from POST /api/v1/auth/token")
        }
        let (tokenID, user) = try await Self.staffUser(bearer, request: request,
                                                       accountRefusal: "A customer account's token opens only /api/v1/account/… routes")
        let organizationID = try await organizationInScope(for: user, request: request)
        request.setPrincipal(Principal(user: user, tokenID: tokenID, organizationID: organizationID))
        guard user.isSuperAdmin, let organizationID else {
            return try await next.respond(to: request)
        }
        return try await AuditLog.supportAccess(request, next: next, actor: try user.requireID(), organizationID: organizationID)
    }

    /// The staff user a bearer token belongs to: a customer account's token is refused with 403 (`accountRefusal`),
    /// an unknown, expired or revoked one with 401.
    static func staffUser(_ bearer: String, request: Request, accountRefusal: String) async throws -> (tokenID: UUID, user: User) {
        if bearer.hasPrefix(AccountTokens.prefix) { throw Problem.forbidden(accountRefusal) }
        let tokens = TokenService(database: request.database, lifetime: request.application.config.tokenLifetime,
                                  cache: request.tokenCache)
        guard let (tokenID, user) = try await tokens.resolve(bearer) else {
            throw Problem.unauthorized(Self.invalidToken)
        }
        return (tokenID, user)
    }

    private func organizationInScope(for user: User, request: Request) async throws -> UUID? {
        guard let header = request.headers.first(name: "X-Organization-Id") else { return user.$organization.id }
        guard let requested = UUID(uuidString: header) else {
            throw Problem.badRequest("X-Organization-Id must be an organization id (a UUID)", field: "X-Organization-Id")
        }
        if user.isSuperAdmin {
            guard try await request.organization(requested) != nil else { throw Problem.notFound("organization") }
            return requested
        }
        guard requested == user.$organization.id else {
            throw Problem.forbidden("Only a super admin may act in another organization")
        }
        return requested
    }
}
