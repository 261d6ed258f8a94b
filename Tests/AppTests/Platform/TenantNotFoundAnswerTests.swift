@testable import App
import Foundation
import Testing
import Vapor

/// The store answers a record missing in the organization (or another organization's) with its own error,
/// `TenantRecordNotFound`; the HTTP edge answers it exactly as it answered before the store was a target of its own:
/// the API's 404 problem naming the record, the dashboard's 404 page, a 404 in the support-access audit log.
@Suite struct TenantNotFoundAnswerTests {
    @Test func theAPIAnswersTheSame404Problem() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            let a = try await app.createOrganization("alpha", rootToken: root)
            let b = try await app.createOrganization("bravo", rootToken: root)
            let bAgent = try await app.createUser(in: b, role: "agent")
            for path in ["/api/v1/users/\(bAgent.id)", "/api/v1/users/\(UUID())"] {
                let answer = try await app.send(.GET, path, token: a.adminToken)
                answer.expectProblem(.notFound)
                #expect(answer["type"] as? String == ProblemType.notFound)
                #expect(answer["title"] as? String == "Not Found")
                #expect(answer["detail"] as? String == "The user was not found")
                #expect(answer["instance"] as? String == path)
                #expect(answer["errors"] == nil)
            }
            let job = try await app.send(.GET, "/api/v1/imports/\(UUID())", token: a.adminToken)
            job.expectProblem(.notFound)
            #expect(job["detail"] as? String == "The import was not found")

            // Support access: the audit log records the answer's status, 404.
            let support = try await app.send(.GET, "/api/v1/users/\(bAgent.id)", token: root, headers: [("X-Organization-Id", a.id)])
            #expect(support.status == .notFound && support["detail"] as? String == "The user was not found")
            let log = try await app.send(.GET, "/api/v1/audit-log?organization_id=\(a.id)", token: root)
            let entry = try #require(log.data.first { $0["path"] as? String == "/api/v1/users/\(bAgent.id)" })
            #expect(entry["status"] as? Int == 404)
        }
    }

    @Test func theDashboardAnswersThe404Page() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            _ = try await app.createOrganization("alpha", rootToken: root)
            let b = try await app.createOrganization("bravo", rootToken: root)
            let bAgent = try await app.createUser(in: b, role: "agent")
            let browser = WebBrowser(app)
            try await browser.signIn("admin@alpha.test", testPassword)
            try await browser.get("/users")
            let page = try await browser.post("/users/\(bAgent.id)", ["role": "dispatcher"])
            #expect(page.status == .notFound)
            #expect(page.body.contains("This page does not exist, or you cannot see it."))
            #expect(WebErrorMiddleware.describe(TenantRecordNotFound(what: "user"), request: Request(application: app, on: app.eventLoopGroup.any()))
                    == (.notFound, "This page does not exist, or you cannot see it."))
        }
    }
}
