@testable import App
import Foundation
import Testing
import Vapor

/// Five customers of one organization that each segment filter tells apart: orders, amounts, last order dates, a
/// default address's city and country, consent, points and tags.
struct SegmentWorld {
    let org: OrgFixture
    /// Name → id.
    let ids: [String: String]

    static func isoDay(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    static func make(_ app: Application, slug: String = "acme") async throws -> SegmentWorld {
        let org = try await app.createOrganization(slug, rootToken: try await app.rootToken(), settings: ["loyalty": ["enabled": true]])
        let day: TimeInterval = 86_400
        let now = Date()
        // name, email, phone, opt-in email, opt-in sms, tags, city/country of the default address, orders (amount, days ago)
        let people: [(String, String?, Bool, Bool, [String], (String, String)?, [(String, Double)])] = [
            ("Anna Milano", "anna@example.com", true, false, ["vip"], ("Milano", "IT"), [("150.00", 90), ("120.00", 80)]),
            ("Bruno Roma", "bruno@example.com", false, true, [], ("Roma", "IT"), [("30.00", 5)]),
            ("Carla Milano", nil, false, false, ["vip"], ("milano", "IT"), [("250.00", 10), ("10.00", 3), ("5.00", 1)]),
            ("Dieter Berlin", "dieter@example.com", true, true, [], ("Berlin", "DE"), []),
            ("Émile Århus", "emile@example.com", false, false, [], ("Århus", "DK"), [("75.50", 200)]),
        ]
        var ids: [String: String] = [:]
        for (name, email, emailOptIn, smsOptIn, tags, place, orders) in people {
            var body: [String: Any] = ["name": name, "tags": tags,
                                       "marketing": ["email_opt_in": emailOptIn, "sms_opt_in": smsOptIn, "source": "test"]]
            if let email { body["email"] = email }
            let id = try #require(try await app.createCustomer(org.adminToken, body)["id"] as? String)
            ids[name] = id
            if let (city, country) = place {
                let added = try await app.send(.POST, "/api/v1/customers/\(id)/addresses", token: org.adminToken,
                                               json: ["line1": "1 Main Street", "city": city, "country": country])
                #expect(added.status == .created, "\(added.text)")
            }
            for (amount, daysAgo) in orders {
                try await app.placeOrder(org.adminToken, ["customer_id": id, "amount": amount, "payment_status": "paid",
                                                          "placed_at": isoDay(now.addingTimeInterval(-daysAgo * day))])
            }
        }
        let adjusted = try await app.send(.POST, "/api/v1/customers/\(ids["Bruno Roma"]!)/loyalty/adjustments",
                                          token: org.adminToken, json: ["points": 500, "reason": "test"])
        #expect(adjusted.status == .created, "\(adjusted.text)")
        return SegmentWorld(org: org, ids: ids)
    }

    /// The names a saved segment of `filters` lists (sorted by name), and the count it reports.
    func segmentNames(_ app: Application, _ filters: [String: Any]) async throws -> (names: [String], count: Int) {
        let created = try await app.send(.POST, "/api/v1/segments", token: org.adminToken,
                                         json: ["name": "S \(UUID().uuidString.prefix(8))", "filters": filters])
        #expect(created.status == .created, "\(created.text)")
        let id = try #require(created["id"] as? String)
        let names = try await app.customerNames(org.adminToken, "segment_id=\(id)&sort=name")
        return (names, try #require(created["count"] as? Int))
    }
}
