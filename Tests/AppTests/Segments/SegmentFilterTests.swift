@testable import App
import Foundation
import Testing
import Vapor

/// Every segment filter of SPEC "Segments", on the list and as a saved segment, with the segment's live count.
@Suite struct SegmentFilterTests {
    @Test func eachFilterSelectsItsCustomersOnTheListAndAsASegment() async throws {
        try await withTestApp { app in
            let w = try await SegmentWorld.make(app)
            let cases: [([String: Any], [String])] = [
                (["orders_min": 2], ["Anna Milano", "Carla Milano"]),
                (["orders_max": 0], ["Dieter Berlin"]),
                (["orders_min": 1, "orders_max": 1], ["Bruno Roma", "Émile Århus"]),
                (["spent_min": "200"], ["Anna Milano", "Carla Milano"]),
                (["spent_min": 75.5, "spent_max": "265"], ["Carla Milano", "Émile Århus"]),
                (["spent_max": "30.00"], ["Bruno Roma", "Dieter Berlin"]),
                (["last_order_to": "-60d"], ["Anna Milano", "Émile Århus"]),
                (["last_order_from": "-7d"], ["Bruno Roma", "Carla Milano"]),
                (["city": "MILANO"], ["Anna Milano", "Carla Milano"]),
                (["city": "århus"], ["Émile Århus"]),
                (["country": "it"], ["Anna Milano", "Bruno Roma", "Carla Milano"]),
                (["opted_in": "email"], ["Anna Milano", "Dieter Berlin"]),
                (["opted_in": "sms"], ["Bruno Roma", "Dieter Berlin"]),
                (["loyalty_min": 400], ["Bruno Roma"]),
                (["tag": "vip", "city": "milano", "spent_min": "200", "last_order_to": "-60d"], ["Anna Milano"]),
                (["has_email": false], ["Carla Milano"]),
                (["status": "active", "country": "DE"], ["Dieter Berlin"]),
                (["q": "milano", "orders_min": 3], ["Carla Milano"]),
            ]
            for (filters, expected) in cases {
                let query = filters.map { "\($0.key)=\(String(describing: $0.value).addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }
                    .sorted().joined(separator: "&")
                #expect(try await app.customerNames(w.org.adminToken, query + "&sort=name") == expected, "list \(filters)")
                let (names, count) = try await w.segmentNames(app, filters)
                #expect(names == expected, "segment \(filters)")
                #expect(count == expected.count, "count \(filters)")
            }
        }
    }

    @Test func badFilterValuesAre422NamingTheFilter() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            for (query, field) in [("orders_min=-1", "orders_min"), ("orders_min=x", "orders_min"), ("spent_min=1.234", "spent_min"),
                                   ("last_order_to=yesterday", "last_order_to"), ("country=Italy", "country"),
                                   ("opted_in=fax", "opted_in"), ("orders_min=5&orders_max=2", "orders_max"),
                                   ("spent_min=99999999999999999999", "spent_min"), ("last_order_from=-99999999d", "last_order_from")] {
                let answer = try await app.send(.GET, "/api/v1/customers?\(query)", token: org.adminToken)
                answer.expectProblem(.unprocessableEntity, field: field)
            }
        }
    }

    @Test func theCountFollowsTheData() async throws {
        try await withTestApp { app in
            let w = try await SegmentWorld.make(app)
            let created = try await app.send(.POST, "/api/v1/segments", token: w.org.adminToken,
                                             json: ["name": "Big spenders", "filters": ["spent_min": "200"]])
            let id = try #require(created["id"] as? String)
            #expect(created["count"] as? Int == 2)
            try await app.placeOrder(w.org.adminToken, ["customer_id": w.ids["Bruno Roma"]!, "amount": "180.00", "payment_status": "paid"])
            #expect(try await app.send(.GET, "/api/v1/segments/\(id)", token: w.org.adminToken)["count"] as? Int == 3)
        }
    }
}
