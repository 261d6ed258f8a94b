import Fluent
import Vapor

/// The email and password check of a sign-in form, shared by the staff dashboard and the client portal: the API's
/// throttle, the password checked against a decoy when the email is unknown (no timing tells them apart), and the
/// same words for a wrong password, an unknown email, a disabled user and one this form does not sign in.
enum FormSignIn {
    enum Outcome {
        case signedIn(User)
        /// What the form says, with its status and headers (`Retry-After` when throttled).
        case refused(String, HTTPStatus, HTTPHeaders)
    }

    static func check(_ req: Request, email: String, password: String, accepts: (User) -> Bool) async throws -> Outcome {
        guard !email.isEmpty, !password.isEmpty else {
            return .refused("Enter your email and your password.", .unprocessableEntity, [:])
        }
        let throttle = LoginThrottle(database: req.database, limits: req.application.config.loginThrottle)
        let attempt: LoginThrottle.Attempt
        do {
            attempt = try await throttle.begin(email: email, address: req.clientAddress)
        } catch let problem as Problem {
            return .refused(problem.detail, problem.status, problem.headers)
        }
        let user = try await Unscoped.query(User.self, on: req.database).filter(\.$email == email).first()
        let matches = try await req.passwordHasher.verify(password, hash: user?.passwordHash ?? req.passwordHasher.decoyHash)
        guard let user, matches, !user.disabled, accepts(user) else {
            return .refused(AuthController.wrongCredentials + ".", .unauthorized, [:])
        }
        try await throttle.succeeded(attempt)
        user.lastLoginAt = Date()
        try await user.save(on: req.database)
        return .signedIn(user)
    }
}
