import Fluent
import Vapor

/// An organization named by `--org SLUG` on the command line, acted in as its first admin.
struct CommandOrganization {
    let organization: Organization
    let principal: Principal

    init(slug: String?, on database: any Database) async throws {
        guard let slug, let organization = try await Organization.query(on: database).filter(\.$slug == slug).first() else {
            throw Abort(.badRequest, reason: "--org must name an existing organization's slug")
        }
        let tenant = Tenant(organizationID: try organization.requireID())
        guard let admin = try await tenant.query(User.self, on: database).filter(\.$role == .admin)
            .sort(\.$createdAt).first()
        else { throw Abort(.badRequest, reason: "Organization \(slug) has no admin to act as") }
        self.organization = organization
        self.principal = Principal(user: admin, tokenID: UUID(), organizationID: tenant.organizationID)
    }

    var access: CustomerAccess {
        get throws { try CustomerAccess(principal) }
    }
}
