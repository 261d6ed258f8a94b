import Fluent
import Vapor

/// Changing an organization's name and settings: `PATCH /organizations/{id}` and the dashboard's settings page.
/// A super admin's change is audited in the transaction that makes it: no entry, no change.
struct OrganizationSettingsUpdate {
    let database: any Database
    let principal: Principal
    /// Where the change was asked (method, path, request id), for the audit entry.
    let method: HTTPMethod
    let path: String
    let requestID: String?
    /// Forgotten (here and in the other processes) once a change has committed.
    let organizations: OrganizationCache

    init(_ req: Request) throws {
        database = req.database
        organizations = req.application.organizationCache
        principal = try req.principal
        method = req.method
        path = req.url.path
        requestID = req.requestID
    }

    /// The organization, when the caller may see it: a super admin sees all, others only their own (else 404).
    func visible(_ id: UUID) async throws -> Organization {
        guard principal.isSuperAdmin || principal.organizationID == id,
              let organization = try await Organization.find(id, on: database)
        else { throw Problem.notFound("organization") }
        return organization
    }

    func apply(_ body: Organization.Update, to id: UUID) async throws -> Organization {
        let organization = try await visible(id)
        try principal.require(.manageOrganization)
        var validator = Validator()
        let requiredUniqueNames = organization.uniqueCustomerNames
        if let name = validator.text(body.name, "name") { organization.name = name }
        if let settings = body.settings { organization.apply(settings.applied(to: organization.settings, &validator)) }
        try validator.check()
        let uniqueNamesChanged = organization.uniqueCustomerNames != requiredUniqueNames
        // (With `X-Organization-Id` the request is audited as support access too.)
        let audit = principal.isSuperAdmin
            ? AuditEntry(actorUserID: principal.userID, organizationID: try organization.requireID(), action: "organization_update",
                         method: method.rawValue, path: path, status: 200, requestID: requestID)
            : nil
        try await WriteTransaction.run(on: database) { db in
            if uniqueNamesChanged {
                try await UniqueNamesSetting(database: db).apply(organization.uniqueCustomerNames, to: organization.requireID())
            }
            try await organization.save(on: db)
            try await audit?.create(on: db)
        }
        try await TokenRevocations.announce(organizations, on: database)
        return organization
    }
}
