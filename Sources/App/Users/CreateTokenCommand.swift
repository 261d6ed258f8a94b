import Fluent
import Vapor

/// `clientele create-token --email a@b.c [--hours 720]`: prints a new bearer token for an integration.
struct CreateTokenCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "The user the token acts as") var email: String?
        @Option(name: "hours", help: "Lifetime in hours (default: CLIENTELE_TOKEN_TTL_HOURS or 720)") var hours: Double?
    }

    var help: String { "Prints a new API token for a user" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let email = signature.email.flatMap(EmailAddress.init)?.value else {
            throw Abort(.badRequest, reason: "--email must be a user's email")
        }
        guard let user = try await Unscoped.query(User.self, on: app.db).filter(\.$email == email).first(),
              !user.disabled
        else { throw Abort(.notFound, reason: "no active user has the email \(email)") }
        let lifetime = signature.hours.map { $0 * 3600 } ?? app.config.tokenLifetime
        let (token, record) = try await TokenService(database: app.db, lifetime: lifetime).issue(for: user)
        context.console.output("\(token)".consoleText())
        context.console.info("expires \(ISO8601DateFormatter().string(from: record.expiresAt))")
    }
}
