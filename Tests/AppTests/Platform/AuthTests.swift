@testable import App
import Fluent
import Testing
import Vapor

@Suite struct AuthTests {
    @Test func signInAnswersATokenItsExpiryAndTheUser() async throws {
        try await withTestApp { app in
            let response = try await app.send(.POST, "/api/v1/auth/token", json: ["email": Root.email, "password": Root.password])
            #expect(response.status == .created)
            let token = try #require(response["token"] as? String)
            #expect(token.count >= 43, "at least 32 random bytes")
            let expiresAt = try #require(response["expires_at"] as? String)
            let expiry = try #require(ISO8601DateFormatter().date(from: expiresAt))
            #expect(expiry > Date().addingTimeInterval(3600))
            #expect((response["user"] as? [String: Any])?["email"] as? String == Root.email)

            let stored = try await Unscoped.query(APIToken.self, on: app.db).all()
            #expect(stored.count == 1)
            #expect(stored[0].tokenHash == TokenService.hash(token))
            #expect(stored[0].tokenHash != token && !stored[0].tokenHash.contains(token))
        }
    }

    @Test func wrongPasswordAndUnknownEmailGetTheSameAnswer() async throws {
        try await withTestApp { app in
            let wrong = try await app.send(.POST, "/api/v1/auth/token", json: ["email": Root.email, "password": "not-the-password"])
            let unknown = try await app.send(.POST, "/api/v1/auth/token", json: ["email": "ghost@nowhere.test", "password": "not-the-password"])
            wrong.expectProblem(.unauthorized)
            unknown.expectProblem(.unauthorized)
            #expect(wrong["detail"] as? String == unknown["detail"] as? String)
            #expect(wrong["type"] as? String == unknown["type"] as? String)
            let missing = try await app.send(.POST, "/api/v1/auth/token", json: ["email": Root.email])
            missing.expectProblem(.unprocessableEntity, field: "password")
        }
    }

    @Test func aRevokedTokenStopsWorking() async throws {
        try await withTestApp { app in
            let token = try await app.rootToken()
            let other = try await app.rootToken()
            #expect(try await app.send(.GET, "/api/v1/me", token: token).status == .ok)
            #expect(try await app.send(.DELETE, "/api/v1/auth/token", token: token).status == .noContent)
            try await app.send(.GET, "/api/v1/me", token: token).expectProblem(.unauthorized)
            try await app.send(.DELETE, "/api/v1/auth/token", token: token).expectProblem(.unauthorized)
            #expect(try await app.send(.GET, "/api/v1/me", token: other).status == .ok, "other sessions live on")
        }
    }

    @Test func anExpiredTokenStopsWorking() async throws {
        try await withTestApp { app in
            let token = try await app.rootToken()
            let record = try #require(try await Unscoped.query(APIToken.self, on: app.db)
                .filter(\.$tokenHash == TokenService.hash(token)).first())
            record.expiresAt = Date().addingTimeInterval(-1)
            try await record.save(on: app.db)
            let response = try await app.send(.GET, "/api/v1/me", token: token)
            response.expectProblem(.unauthorized)
            #expect(response.headers.first(name: .wwwAuthenticate) == "Bearer")
        }
    }

    @Test func missingOrForgedTokensAre401() async throws {
        try await withTestApp { app in
            try await app.send(.GET, "/api/v1/me").expectProblem(.unauthorized)
            try await app.send(.GET, "/api/v1/me", token: "clt_forged").expectProblem(.unauthorized)
            try await app.send(.GET, "/api/v1/users", headers: [("Authorization", "Basic cm9vdDpyb290")])
                .expectProblem(.unauthorized)
        }
    }

    @Test func failedSignInsAreThrottledPerEmail() async throws {
        try await withTestApp(adjust: { $0.loginThrottle = LoginLimits(perEmail: 3, perAddress: 100) }) { app in
            for _ in 0..<3 {
                try await app.send(.POST, "/api/v1/auth/token", json: ["email": Root.email, "password": "guess-guess-1"])
                    .expectProblem(.unauthorized)
            }
            let throttled = try await app.send(.POST, "/api/v1/auth/token", json: ["email": Root.email, "password": Root.password])
            throttled.expectProblem(.tooManyRequests)
            let retryAfter = try #require(throttled.headers.first(name: .retryAfter).flatMap(Int.init))
            #expect(retryAfter > 0 && retryAfter <= 15 * 60)
            // Another email from the same address is not held back by this one's failures.
            let org = try await app.createOrganization("acme", rootToken: try await rootTokenBypassingThrottle(app))
            #expect(try await app.send(.POST, "/api/v1/auth/token",
                                       json: ["email": org.adminEmail, "password": testPassword]).status == .created)
        }
    }

    @Test func failedSignInsAreThrottledPerClientAddress() async throws {
        try await withTestApp(adjust: { $0.loginThrottle = LoginLimits(perEmail: 100, perAddress: 4) }) { app in
            for index in 0..<4 {
                try await app.send(.POST, "/api/v1/auth/token", json: ["email": "spray\(index)@x.test", "password": "guess-guess-1"])
                    .expectProblem(.unauthorized)
            }
            let throttled = try await app.send(.POST, "/api/v1/auth/token", json: ["email": Root.email, "password": Root.password])
            throttled.expectProblem(.tooManyRequests)
            #expect(throttled.headers.first(name: .retryAfter) != nil)
        }
    }

    @Test func aSuccessfulSignInClearsTheEmailsFailures() async throws {
        try await withTestApp(adjust: { $0.loginThrottle = LoginLimits(perEmail: 3, perAddress: 100) }) { app in
            for _ in 0..<2 {
                try await app.send(.POST, "/api/v1/auth/token", json: ["email": Root.email, "password": "guess-guess-1"])
            }
            _ = try await app.rootToken()
            for _ in 0..<2 {
                try await app.send(.POST, "/api/v1/auth/token", json: ["email": Root.email, "password": "guess-guess-1"])
                    .expectProblem(.unauthorized)
            }
        }
    }

    /// A token issued directly, for tests whose sign-in route is throttled on purpose.
    private func rootTokenBypassingThrottle(_ app: Application) async throws -> String {
        let root = try #require(try await Unscoped.query(User.self, on: app.db).filter(\.$email == Root.email).first())
        return try await TokenService(database: app.db, lifetime: 3600).issue(for: root).token
    }
}
