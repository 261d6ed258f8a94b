import Fluent
import Vapor

/// Creates an organization and its first admin together: both or neither.
struct OrganizationProvisioning {
    let database: any Database
    let hasher: PasswordHasher

    func create(_ body: Organization.Create) async throws -> Organization {
        var validator = Validator()
        let name = validator.text(body.name, "name", required: true)
        let slug = validator.text(body.slug, "slug", required: true, max: 63)
        if let slug, let problem = Slug.problem(with: slug) { validator.add("slug", problem) }
        let settings = body.settings?.applied(to: OrganizationSettings(), &validator) ?? OrganizationSettings()
        if body.admin == nil { validator.add("admin", "is required") }
        let adminEmail = body.admin.flatMap { validator.email($0.email, "admin.email", required: true) }
        let adminName = body.admin.flatMap { validator.text($0.name, "admin.name", required: true) }
        let adminPassword = body.admin.flatMap { validator.password($0.password, "admin.password") }
        try validator.check()

        if try await Organization.query(on: database).filter(\.$slug == slug!).count() > 0 {
            throw Problem.conflict("Slug is already used", field: "slug")
        }
        let directory = UserDirectory(database: database, hasher: hasher)
        if try await directory.emailInUse(adminEmail!) {
            throw Problem.conflict(UserDirectory.emailTaken, field: "admin.email")
        }
        let passwordHash = try await hasher.hash(adminPassword!)
        let organization = Organization(name: name!, slug: slug!, settings: settings)
        try await WriteTransaction.run(on: database) { db in
            try await organization.create(on: db)
            try await User(organizationID: organization.requireID(), email: adminEmail!, name: adminName!,
                           role: .admin, passwordHash: passwordHash).create(on: db)
        }
        return organization
    }
}
