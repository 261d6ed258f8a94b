import Fluent
import Vapor

/// Sign-in with email and password, sign-out, and who-am-I.
struct AuthController: RouteCollection {
    static let wrongCredentials = "The email or password is not correct"

    func boot(routes: any RoutesBuilder) throws {
        routes.post("auth", "token", use: signIn)
    }

    func bootAuthenticated(routes: any RoutesBuilder) {
        routes.delete("auth", "token", use: signOut)
        routes.get("me", use: me)
    }

    func signIn(req: Request) async throws -> Response {
        let body = try req.decodeJSON(TokenRequest.self)
        var validator = Validator()
        let email = validator.text(body.email, "email", required: true, max: 254)
        if body.password == nil || body.password?.isEmpty == true { validator.add("password", "is required") }
        try validator.check()
        let normalized = email!.lowercased()
        let config = req.application.config
        let throttle = LoginThrottle(database: req.database, limits: config.loginThrottle)
        let attempt = try await throttle.begin(email: normalized, address: req.clientAddress)

        let user = try await Unscoped.query(User.self, on: req.database).filter(\.$email == normalized).first()
        let hasher = req.passwordHasher
        let matches = try await hasher.verify(body.password!, hash: user?.passwordHash ?? hasher.decoyHash)
        guard let user, matches, !user.disabled else {
            throw Problem.unauthorized(Self.wrongCredentials)
        }
        user.lastLoginAt = Date()
        // One write transaction (through the write gate on SQLite) for everything a sign-in changes.
        let (token, record) = try await WriteTransaction.run(on: req.database) { db in
            try await LoginThrottle(database: db, limits: config.loginThrottle).succeeded(attempt)
            try await user.save(on: db)
            return try await TokenService(database: db, lifetime: config.tokenLifetime).issue(for: user)
        }
        let response = TokenResponse(token: token, tokenType: "Bearer", expiresAt: record.expiresAt, user: user.asPublic)
        return try await response.encodeResponse(status: .created, for: req)
    }

    func signOut(req: Request) async throws -> HTTPStatus {
        let principal = try req.principal
        try await TokenService(database: req.database, lifetime: 0, cache: req.tokenCache).revoke(id: principal.tokenID)
        return .noContent
    }

    func me(req: Request) async throws -> User.Public {
        try req.principal.user.asPublic
    }
}
