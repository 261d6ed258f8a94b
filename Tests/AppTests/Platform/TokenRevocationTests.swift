@testable import App
import Fluent
import SQLKit
import Testing
import Vapor

/// Two instances on one PostgreSQL database, each keeping the tokens it resolved (`TokenCache`, 5 s here): a token
/// revoked through one fails on the other within a second (`TokenRevocations`), not after the cache's lifetime.
@Suite struct TokenRevocationTests {
    @Test func aTokenRevokedOnOneInstanceFailsOnTheOtherWithinASecond() async throws {
        try await withInstances(2, adjust: { config in
            config.tokenCacheSeconds = 5
            config.tokenRevocationInterval = 0.1
        }) { apps in
            let (a, b) = (apps[0], apps[1])
            let org = try await a.createOrganization("acme", rootToken: try await a.rootToken())
            // Both instances have resolved (and keep) the token.
            #expect(try await a.send(.GET, "/api/v1/customers", token: org.adminToken).status == .ok)
            #expect(try await b.send(.GET, "/api/v1/customers", token: org.adminToken).status == .ok)
            #expect(try await a.send(.DELETE, "/api/v1/auth/token", token: org.adminToken).status == .noContent)
            #expect(try await a.send(.GET, "/api/v1/customers", token: org.adminToken).status == .unauthorized)
            let started = ContinuousClock.now
            var refused = false
            while ContinuousClock.now - started < .seconds(1), !refused {
                refused = try await b.send(.GET, "/api/v1/customers", token: org.adminToken).status == .unauthorized
                if !refused { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(refused, "the other instance still accepted the revoked token after 1 s")
        }
    }
}
