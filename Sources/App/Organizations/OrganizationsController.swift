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
        let query = Organization.query(on: req.db)
        if !principal.isSuperAdmin {
            query.filter(\.$id == (principal.organizationID ?? UUID()))
        }
        let result = try await pageRequest.fetch(query, orderedBy: \.$slug, keyOf: \.slug)
        return Page(result.items.map(\.asPublic), total: result.total, nextCursor: result.nextCursor, request: pageRequest)
    }

    func create(req: Request) async throws -> Response {
        try req.principal.require(.manageOrganizations)
        let body = try req.decodeJSON(Organization.Create.self)
        let organization = try await OrganizationProvisioning(database: req.db, hasher: req.passwordHasher).create(body)
        return try await organization.asPublic.created(at: "/api/v1/organizations/\(organization.id!.canonicalString)", for: req)
    }

    func show(req: Request) async throws -> Organization.Public {
        try await visibleOrganization(req).asPublic
    }

    func update(req: Request) async throws -> Organization.Public {
        let organization = try await visibleOrganization(req)
        try req.principal.require(.manageOrganization)
        let body = try req.decodeJSON(Organization.Update.self)
        var validator = Validator()
        let requiredUniqueNames = organization.uniqueCustomerNames
        if let name = validator.text(body.name, "name") { organization.name = name }
        if let settings = body.settings { organization.apply(settings.applied(to: organization.settings, &validator)) }
        try validator.check()
        let uniqueNamesChanged = organization.uniqueCustomerNames != requiredUniqueNames
        let principal = try req.principal
        // A super admin's change of an organization is audited in its own transaction: no entry, no change. (With
        // `X-Organization-Id` the request is audited as support access too.)
        let audit = principal.isSuperAdmin
            ? AuditEntry(actorUserID: principal.userID, organizationID: try organization.requireID(), action: "organization_update",
                         method: req.method.rawValue, path: req.url.path, status: 200, requestID: req.requestID)
            : nil
        try await WriteTransaction.run(on: req.db) { db in
            if uniqueNamesChanged {
                try await UniqueNamesSetting(database: db).apply(organization.uniqueCustomerNames, to: organization.requireID())
            }
            try await organization.save(on: db)
            try await audit?.create(on: db)
        }
        return organization.asPublic
    }

    /// The organization, when the caller may see it: a super admin sees all, others only their own (else 404).
    private func visibleOrganization(_ req: Request) async throws -> Organization {
        let id = try req.uuidParameter("id")
        let principal = try req.principal
        guard principal.isSuperAdmin || principal.organizationID == id,
              let organization = try await Organization.find(id, on: req.db)
        else { throw Problem.notFound("organization") }
        return organization
    }
}
