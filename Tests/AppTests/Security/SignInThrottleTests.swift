@testable import App
import Foundation
import Testing
import Vapor

/// Issue 16, items 4 and 5: parallel guesses get the limit, not one guess each; behind a proxy the address that
/// counts is the one the proxy appended; the public lookup limiter's memory is bounded.
@Suite struct SignInThrottleTests {
    @Test func parallelWrongPasswordsGetTheLimitNotOneGuessEach() async throws {
        try await withTestApp(adjust: { $0.loginThrottle = LoginLimits(perEmail: 5, perAddress: 1000) }) { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        try await app.send(.POST, "/api/v1/auth/token",
                                           json: ["email": org.adminEmail, "password": "wrong-guess-\(index)"]).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .unauthorized }.count == 5, "\(statuses)")
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 15, "\(statuses)")
            try await app.send(.POST, "/api/v1/auth/token", json: ["email": org.adminEmail, "password": testPassword])
                .expectProblem(.tooManyRequests)
        }
    }

    @Test func aSuccessfulSignInCountsAsNoFailure() async throws {
        try await withTestApp(adjust: { $0.loginThrottle = LoginLimits(perEmail: 2, perAddress: 2) }) { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            for _ in 0..<5 {
                #expect(try await app.send(.POST, "/api/v1/auth/token",
                                           json: ["email": org.adminEmail, "password": testPassword]).status == .created)
            }
            let browser = WebBrowser(app)
            for _ in 0..<3 {
                try await browser.signIn(org.adminEmail, testPassword)
                try await browser.post("/sign-out", [:])
            }
        }
    }

    @Test func behindAProxyTheAppendedHopIsTheClientAddress() async throws {
        try await withTestApp(adjust: {
            $0.trustForwardedFor = true
            $0.loginThrottle = LoginLimits(perEmail: 1000, perAddress: 3)
        }) { app in
            // The client writes whatever it likes on the left; the proxy appends the address it saw (10.0.0.7).
            for index in 0..<3 {
                try await app.send(.POST, "/api/v1/auth/token", json: ["email": "spray\(index)@x.test", "password": "guess-guess-1"],
                                   headers: [("X-Forwarded-For", "203.0.113.\(index), 10.0.0.7")]).expectProblem(.unauthorized)
            }
            try await app.send(.POST, "/api/v1/auth/token", json: ["email": "spray9@x.test", "password": "guess-guess-1"],
                               headers: [("X-Forwarded-For", "198.51.100.1, 10.0.0.7")]).expectProblem(.tooManyRequests)
            // Another client behind the same proxy is another address.
            try await app.send(.POST, "/api/v1/auth/token", json: ["email": "spray9@x.test", "password": "guess-guess-1"],
                               headers: [("X-Forwarded-For", "10.0.0.7, 10.0.0.8")]).expectProblem(.unauthorized)
        }
    }

    @Test func theRightmostForwardedHopIsTaken() {
        #expect(Request.rightmostForwardedHop(["1.1.1.1, 2.2.2.2", "3.3.3.3"]) == "3.3.3.3")
        #expect(Request.rightmostForwardedHop(["evil, 10.0.0.1"]) == "10.0.0.1")
        #expect(Request.rightmostForwardedHop(["2001:db8::1"]) == "2001:db8::1")
        #expect(Request.rightmostForwardedHop(["1.1.1.1, not an address"]) == nil)
        #expect(Request.rightmostForwardedHop([]) == nil)
    }

    @Test func theLookupLimiterRemembersABoundedNumberOfAddresses() throws {
        let limiter = RateLimiter(limit: 5, window: 60)
        let now = Date()
        for index in 0..<(RateLimiter.maxKeys * 3) { try limiter.check("ip:\(index)", now: now) }
        #expect(limiter.keyCount <= RateLimiter.maxKeys)
        // A key still counted keeps its count.
        for _ in 0..<5 { try limiter.check("ip:last", now: now) }
        #expect(throws: Problem.self) { try limiter.check("ip:last", now: now) }
    }
}
