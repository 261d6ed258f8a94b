@testable import App
import Foundation
import Testing
import Vapor

/// A task's public tracking page: what its link in a notification opens.
@Suite struct TrackingPageTests {
    @Test func thePageShowsTheStatusAndFirstNameOnlyAndSetsNoCookie() async throws {
        try await withTestApp(adjust: { $0.outboxForTests() }) { app in
            let world = try await NotificationWorld.make(app)
            let customer = try await world.customer(["name": "Ada Lovelace", "first_name": "Ada", "email": "ada@example.com",
                                                     "phone": "+14155550123", "notes": "secret-note"])
            let taskID = try await world.task(for: customer)
            let agent = try await app.createUser(in: world.org, role: "agent")
            try await world.move(taskID, through: ["awaiting_assignment", "assigned", "accepted", "in_transit"], agent: agent)
            let task = try await app.send(.GET, "/api/v1/tasks/\(taskID)", token: world.org.adminToken)
            let code = try #require(task["tracking_code"] as? String)
            #expect(code.count == 20)
            let link = try #require(try await world.notifications("&channel=email&event=task_in_transit").first?["body"] as? String)
            #expect(link.contains("https://crm.example.test/track/\(code)"))

            let page = try await app.send(.GET, "/track/\(code)")
            #expect(page.status == .ok)
            #expect(page.text.contains("For Ada") && page.text.contains("On its way") && page.text.contains("Org acme"))
            for secret in ["Lovelace", "ada@example.com", "5550123", "secret-note", "Main St"] {
                #expect(!page.text.contains(secret), "the page shows \(secret)")
            }
            #expect(page.headers.first(name: .setCookie) == nil)
            #expect(page.headers.first(name: .cacheControl) == "public, max-age=5")
            #expect(try await app.send(.GET, "/track/0000000000000000000z").status == .notFound)
            #expect(try await app.send(.GET, "/track/\(String(code.dropLast()))").status == .notFound)
        }
    }
}
