import Fluent
import Vapor

/// `clientele create-user --email a@b.c --name "Ann" --role admin --org acme [--password …] [--super-admin]`
struct CreateUserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "The sign-in email") var email: String?
        @Option(name: "name", help: "The person's name") var name: String?
        @Option(name: "password", help: "At least 10 characters; generated and printed when absent") var password: String?
        @Option(name: "role", help: "admin, dispatcher, agent or guest") var role: String?
        @Option(name: "org", help: "The organization's slug") var org: String?
        @Flag(name: "super-admin", help: "Create a super admin of the whole installation") var superAdmin: Bool
    }

    var help: String { "Creates a user of an organization, or a super admin" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        var validator = Validator()
        let email = validator.email(signature.email, "--email", required: true)
        let name = validator.text(signature.name, "--name", required: true)
        let password = signature.password ?? AdminBootstrap.generatePassword()
        if let problem = PasswordPolicy.problem(with: password) { validator.add("--password", problem) }
        var role = Role.superAdmin
        var organizationID: UUID?
        if !signature.superAdmin {
            role = validator.oneOf(signature.role, "--role", allowed: Role.organizationRoles, required: true) ?? .guest
            if let slug = signature.org {
                organizationID = try await Organization.query(on: app.db).filter(\.$slug == slug).first()?.id
                if organizationID == nil { validator.add("--org", "no organization has the slug \(slug)") }
            } else {
                validator.add("--org", "is required unless --super-admin is given")
            }
        }
        guard validator.errors.isEmpty else {
            for error in validator.errors { context.console.error("\(error.field) \(error.message)") }
            throw Abort(.badRequest, reason: "invalid arguments")
        }
        let user = try await UserDirectory(database: app.db, hasher: app.passwordHasher)
            .create(organizationID: organizationID, email: email!, name: name!, role: role, password: password)
        context.console.info("Created \(role.rawValue) \(user.email) (\(user.id!))")
        if signature.password == nil { context.console.output("Password: \(password)") }
    }
}
