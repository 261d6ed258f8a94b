import Fluent
import Vapor

/// Organizations: created by a super admin; read and changed by their own admins.
struct OrganizationsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let organizations = routes.grouped("organizations")
        organizations.get(use: list)
        organizations.post(use: create)
        organizations.get(":id", use: show)
        organizations.patch(":id", use: update)
    }

    func list(req: Request) async throws -> Page<Organization.Public> {
        let principal = try req.principal
        let pageRequest = try PageRequest(from: req)
        let query = Organization.query(on: req.database)
        if !principal.isSuperAdmin {
            query.filter(\.$id == (principal.organizationID ?? UUID()))
        }
        let result = try await pageRequest.fetch(query, orderedBy: \.$slug, keyOf: \.slug)
        return Page(result.items.map(\.asPublic), total: result.total, nextCursor: result.nextCursor, request: pageRequest)
    }

    func create(req: Request) async throws -> Response {
        try req.principal.require(.manageOrganizations)
        let body = try req.decodeJSON(Organization.Create.self)
        let organization = try await OrganizationProvisioning(database: req.database, hasher: req.passwordHasher).create(body)
        return try await organization.asPublic.created(at: "/api/v1/organizations/\(organization.id!.canonicalString)", for: req)
    }

    func show(req: Request) async throws -> Organization.Public {
        try await OrganizationSettingsUpdate(req).visible(try req.uuidParameter("id")).asPublic
    }

    func update(req: Request) async throws -> Organization.Public {
        let id = try req.uuidParameter("id")
        return try await OrganizationSettingsUpdate(req).apply(try req.decodeJSON(Organization.Update.self), to: id).asPublic
    }
}
