import Fluent
import Vapor

/// Super-admin access to organizations: the whole log for super admins, their own organization's for admins.
struct AuditLogController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("audit-log", use: list)
    }

    func list(req: Request) async throws -> Page<AuditEntry.Public> {
        let principal = try req.principal
        try principal.require(.viewAuditLog)
        let pageRequest = try PageRequest(from: req)
        let query = Unscoped.query(AuditEntry.self, on: req.database)
        if principal.isSuperAdmin {
            if let raw = req.query[String.self, at: "organization_id"] {
                guard let id = UUID(uuidString: raw) else { throw Problem.invalid("organization_id", "must be a UUID") }
                query.filter(\.$organizationID == id)
            }
        } else {
            query.filter(\.$organizationID == (try principal.tenant().organizationID))
        }
        let total = try await query.copy().count()
        let entries = try await query.sort(\.$createdAt, .descending).sort(\.$id)
            .offset(pageRequest.offset).limit(pageRequest.perPage).all()
        return Page(entries.map(\.asPublic), total: total, nextCursor: nil, request: pageRequest)
    }
}
