@testable import App
import Foundation
import Testing
import Vapor

/// Ids appear in RFC 9562's canonical form, lower case, in every response, link and export; they are accepted in
/// any case.
@Suite struct CanonicalIdTests {
    private static let upperCaseId = try! NSRegularExpression(pattern: "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")

    private func upperCaseIds(in text: String) -> [String] {
        Self.upperCaseId.matches(in: text, range: NSRange(text.startIndex..., in: text))
            .map { String(text[Range($0.range, in: text)!]) }.filter { $0 != $0.lowercased() }
    }

    @Test func everyResponseAndLinkWritesIdsInLowerCase() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            let org = try await app.createOrganization("acme", rootToken: root)
            let agent = try await app.createUser(in: org, role: "agent")
            let customer = try await app.send(.POST, "/api/v1/customers", token: org.adminToken,
                                              json: ["name": "Ann", "email": "ann@example.com", "managed_by": NSNull()])
            let id = try #require(customer["id"] as? String)
            let address = try await app.send(.POST, "/api/v1/customers/\(id.uppercased())/addresses", token: org.adminToken,
                                             json: ["line1": "1 Main St", "city": "Springfield", "country": "US"])
            let order = try await app.send(.POST, "/api/v1/orders", token: org.adminToken, json: ["customer_id": id.uppercased(), "amount": "5.00"])
            let task = try await app.send(.POST, "/api/v1/tasks", token: org.adminToken, json: [
                "type": "delivery", "customer_id": id, "order_id": order["id"]!, "agent_id": agent.id.uppercased(), "dropoff": ["line1": "x"],
            ])
            let reads: [APIResponse] = [
                customer, address, order, task,
                try await app.send(.GET, "/api/v1/customers/\(id)", token: org.adminToken),
                try await app.send(.GET, "/api/v1/customers", token: org.adminToken),
                try await app.send(.GET, "/api/v1/customers/\(id)/timeline", token: org.adminToken),
                try await app.send(.GET, "/api/v1/customers/\(id)/orders", token: org.adminToken),
                try await app.send(.GET, "/api/v1/customers/\(id)/tasks", token: org.adminToken),
                try await app.send(.GET, "/api/v1/customers/\(id)/data-export", token: org.adminToken),
                try await app.send(.GET, "/api/v1/tasks/\(task["id"]!)/transitions", token: org.adminToken),
                try await app.send(.GET, "/api/v1/users", token: org.adminToken),
                try await app.send(.GET, "/api/v1/me", token: org.adminToken),
                try await app.send(.GET, "/api/v1/organizations", token: root),
                try await app.send(.GET, "/api/v1/audit-log", token: root),
                try await app.send(.GET, "/api/v1/customers/export.csv", token: org.adminToken),
            ]
            for response in reads {
                #expect(response.status.code < 300, "\(response.text)")
                #expect(upperCaseIds(in: response.text).isEmpty, "\(response.text.prefix(300))")
                if let location = response.headers.first(name: .location) { #expect(upperCaseIds(in: location).isEmpty, "\(location)") }
            }
        }
    }
}
