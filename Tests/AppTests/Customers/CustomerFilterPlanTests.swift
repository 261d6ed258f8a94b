@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// Filtered lists read the same rows whichever way SQLite is told to read them: driven by a filter that matches
/// few customers (a rare status, a small tag, a guest's customers) or walked in the sort order when it matches many
/// (more than `CustomerFilterPlan.drivingCap`). Every page is compared with the same filter written plainly in SQL.
@Suite struct CustomerFilterPlanTests {
    static let customers = CustomerFilterPlan.drivingCap + 600

    @Test func everyFilterReturnsExactlyItsCustomersInOrderAcrossPages() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let organizationID = try #require(UUID(uuidString: org.id))
            let organization = try #require(try await Organization.load(organizationID, on: app.db))
            try await DemoDataGenerator(database: app.db, organization: organization).generate(count: Self.customers) { _ in }
            let sql = app.db as! any SQLDatabase

            func expected(_ condition: SQLQueryString, order: String = "search_name, seq") async throws -> [String] {
                try await sql.raw("SELECT id FROM customers WHERE organization_id = \(bind: organizationID) AND "
                                  + condition + SQLQueryString(" ORDER BY \(unsafeRaw: order)"))
                    .all().map { try $0.decode(column: "id", as: UUID.self).uuidString.lowercased() }
            }
            func listed(_ query: String) async throws -> (ids: [String], total: Int?) {
                var ids: [String] = []
                var cursor: String?
                var total: Int?
                repeat {
                    let page = try await app.send(.GET, "/api/v1/customers?per_page=100&\(query)" + (cursor.map { "&cursor=\($0)" } ?? ""),
                                                  token: org.adminToken)
                    #expect(page.status == .ok, "\(query): \(page.text)")
                    if total == nil { total = page["total"] as? Int }
                    ids += page.data.compactMap { ($0["id"] as? String)?.lowercased() }
                    cursor = page["next_cursor"] as? String
                } while cursor != nil
                return (ids, total)
            }
            let tagged: (String) -> SQLQueryString = { tag in
                "id IN (SELECT customer_id FROM customer_tags WHERE tag_key = \(bind: tag))"
            }
            // Consent as a demo file has none: a few for SMS (driven by its partial index), most for email (walked).
            try await sql.raw("UPDATE customers SET sms_opt_in = \(bind: true) WHERE seq % 50 = 0").run()
            try await sql.raw("UPDATE customers SET email_opt_in = \(bind: true) WHERE seq % 10 <> 0").run()
            let cases: [(String, SQLQueryString)] = [
                ("status=active", "status = 'active'"),                      // many: walked
                ("status=inactive", "status = 'inactive'"),                  // few: driven by the status index
                ("status=blocked", "status = 'blocked'"),                    // rare
                ("tag=vip", tagged("vip")),                                  // few: driven by the tag's rows
                ("status=active&tag=vip", "status = 'active' AND " + tagged("vip")),
                ("status=inactive&tag=vip", "status = 'inactive' AND " + tagged("vip")),
                ("tag=vip&has_phone=true", tagged("vip") + " AND phone IS NOT NULL"),
                ("tag=no-such-tag", tagged("no-such-tag")),
                ("status=active&has_email=true", "status = 'active' AND email IS NOT NULL"),   // counted over the status's rows
                ("status=active&has_phone=false", "status = 'active' AND phone IS NULL"),
                ("opted_in=sms", "sms_opt_in"),                              // few: driven by the consent's partial index
                ("opted_in=email", "email_opt_in"),                          // many: walked
                ("opted_in=sms&status=active", "sms_opt_in AND status = 'active'"),
            ]
            for (index, (query, condition)) in cases.enumerated() {
                let want = try await expected(condition)
                let got = try await listed(query)
                let same = got.ids == want
                #expect(same, "\(query): \(got.ids.count) listed, \(want.count) expected")
                #expect(got.total == want.count, "\(query): total \(String(describing: got.total)), expected \(want.count)")
                // A segment of the same filters counts them exactly, through the smallest filter's index.
                var filters: [String: String] = [:]
                for pair in query.split(separator: "&") {
                    let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                    filters[parts[0]] = parts[1]
                }
                let segment = try await app.send(.POST, "/api/v1/segments", token: org.adminToken,
                                                 json: ["name": "Plan \(index)", "filters": filters])
                #expect(segment["count"] as? Int == want.count, "\(query): segment count \(segment.text)")
            }
            #expect(try await expected("status = 'active'").count > CustomerFilterPlan.drivingCap, "the walked case is exercised")
            #expect(try await expected("status = 'blocked'").count > 0, "demo data holds blocked customers")

            let newest = try await listed("status=inactive&sort=-created_at").ids == (try await expected("status = 'inactive'", order: "seq DESC"))
            #expect(newest, "newest first, driven by the status")
            let newestWalked = try await listed("status=active&sort=-created_at&tag=vip").ids
                == (try await expected("status = 'active' AND " + tagged("vip"), order: "seq DESC"))
            #expect(newestWalked, "newest first, driven by the tag")
            let byNameWalked = try await listed("status=active&sort=-name").ids
                == (try await expected("status = 'active'", order: "search_name DESC, seq DESC"))
            #expect(byNameWalked, "sorted by name, walked")
        }
    }
}
