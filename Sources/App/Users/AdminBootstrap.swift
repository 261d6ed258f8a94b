import Fluent
import Vapor

/// Creates the first super admin on a database that has none: from `CLIENTELE_ADMIN_EMAIL` and
/// `CLIENTELE_ADMIN_PASSWORD`, or with a generated password printed once.
struct AdminBootstrap {
    let app: Application

    func run() async throws {
        let existing = try await Unscoped.query(User.self, on: app.db).filter(\.$role == .superAdmin).count()
        guard existing == 0 else { return }
        let email = EmailAddress(app.config.adminEmail ?? "admin@localhost.localdomain")?.value ?? "admin@localhost.localdomain"
        let generated = app.config.adminPassword == nil
        let password = app.config.adminPassword ?? Self.generatePassword()
        if let problem = PasswordPolicy.problem(with: password) {
            throw Abort(.internalServerError, reason: "CLIENTELE_ADMIN_PASSWORD \(problem)")
        }
        let hash = try await app.passwordHasher.hash(password)
        do {
            try await User(organizationID: nil, email: email, name: "Super admin", role: .superAdmin, passwordHash: hash)
                .create(on: app.db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Instances started together on an empty database: another one created it a moment ago.
            return
        }
        app.logger.notice("created the first super admin", metadata: ["email": .string(email)])
        if generated {
            // Printed once, to the terminal only, never to the log.
            print("""

            Clientele: created the super admin \(email)
            Its password, shown this once: \(password)
            Set CLIENTELE_ADMIN_EMAIL and CLIENTELE_ADMIN_PASSWORD before the first start to choose them.

            """)
        }
    }

    static func generatePassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
