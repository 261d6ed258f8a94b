@testable import App
import Fluent
import SQLKit
import Testing
import Vapor

/// Two instances on one PostgreSQL database, each keeping the tokens it resolved (`TokenCache`, 5 s here) and the
/// organizations it read (`OrganizationCache`, as long): a token revoked through one fails on the other within a
/// second (`TokenRevocations`), not after the cache's lifetime, and an organization's change is seen there as soon.
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

    @Test func anOrganizationChangedOnOneInstanceIsSeenOnTheOtherWithinASecond() async throws {
        try await withInstances(2, adjust: { config in
            config.tokenCacheSeconds = 5
            config.tokenRevocationInterval = 0.1
        }) { apps in
            let (a, b) = (apps[0], apps[1])
            let org = try await a.createOrganization("acme", rootToken: try await a.rootToken(), settings: ["default_country": "US"])
            let british = ["name": "Bob", "phone": "07911 123456"]
            // Both instances keep the organization: a national number of the UK is no phone in the US.
            for app in [a, b] {
                try await app.send(.POST, "/api/v1/customers", token: org.adminToken, json: british)
                    .expectProblem(.unprocessableEntity, field: "phone")
            }
            let changed = try await a.send(.PATCH, "/api/v1/organizations/\(org.id)", token: org.adminToken,
                                           json: ["settings": ["default_country": "GB"]])
            #expect(changed.status == .ok, "\(changed.text)")
            // The instance that made the change sees it at once.
            let here = try await a.send(.POST, "/api/v1/customers", token: org.adminToken, json: british)
            #expect(here.status == .created && here["phone"] as? String == "+447911123456", "\(here.text)")
            let started = ContinuousClock.now
            var seen = false
            var attempt = 0
            while ContinuousClock.now - started < .seconds(1), !seen {
                attempt += 1
                let there = try await b.send(.POST, "/api/v1/customers", token: org.adminToken,
                                             json: ["name": "Bob \(attempt)", "phone": "07911 12\(1000 + attempt)"])
                seen = there.status == .created
                if !seen { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(seen, "the other instance still used the old default country after 1 s")
        }
    }
}
