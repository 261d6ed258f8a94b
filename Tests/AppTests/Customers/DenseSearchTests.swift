@testable import App
import Foundation
import SQLKit
import Testing
import Vapor

/// A term that many customers match (more than `CustomerSearch.denseMatches` in the index) sorted by amount, points or
/// last order is found by walking the sort order and testing each row, not by reading and sorting every match; where
/// the walk's window holds less than a page (the first 4,500 customers in that order do not match), the index answers;
/// by name the index always does. Either way the pages are exactly the matches in order, compared with the same search
/// written plainly in SQL. SQLite only: PostgreSQL plans it itself.
@Suite struct DenseSearchTests {
    /// Names that sort before every match and do not hold the term: more than the walk's window.
    static let before = CustomerSearch.walkWindow + 500
    /// Names that hold the term ("ann"): more than the index's dense mark.
    static let matching = CustomerSearch.denseMatches + 300

    @Test func aDenseTermListsExactlyItsMatchesInOrderByEverySort() async throws {
        try await withTestApp { app in
            guard SQLDialectKind(app.db) == .sqlite else { return }
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let organizationID = try #require(UUID(uuidString: org.id))
            var csv = "name,email\n"
            for n in 0..<Self.before { csv += "Aaron Early \(n),early\(n)@example.com\n" }
            for n in 0..<Self.matching { csv += "Zanna Late \(n),late\(n)@example.com\n" }
            // One more match whose name sorts first, found only through its email.
            csv += "Aaron Email,anne.first@example.com\n"
            let job = try await app.importCSV(org.adminToken, csv)
            #expect(job["created"] as? Int == Self.before + Self.matching + 1, "\(job.text)")
            let sql = app.db as! any SQLDatabase

            func expected(_ order: String, status: String = "active") async throws -> [String] {
                try await sql.raw("""
                    SELECT id FROM customers WHERE organization_id = \(bind: organizationID) AND status = \(bind: status)
                    AND (search_name LIKE '%ann%' OR email LIKE '%ann%' OR phone LIKE '%ann%') ORDER BY \(unsafeRaw: order)
                    """).all().map { try $0.decode(column: "id", as: UUID.self).uuidString.lowercased() }
            }
            func listed(_ query: String) async throws -> [String] {
                try await app.customerIDsByCursor(org.adminToken, "q=ann&per_page=100&\(query)", limit: Self.matching + 10)
            }
            for (query, order) in [("sort=name", "search_name, seq"), ("sort=-name", "search_name DESC, seq DESC"),
                                   ("sort=total_spent", "total_spent_minor, seq"), ("sort=-loyalty_points", "loyalty_points DESC, seq DESC"),
                                   ("sort=-last_order_at", "last_order_at DESC, seq DESC")] {
                let want = try await expected(order)
                let got = try await listed(query)
                #expect(want.count == Self.matching + 1)
                let difference = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
                #expect(got == want, "\(query): \(got.count) listed, \(want.count) expected, first difference at \(difference)")
            }
            // With another filter: one that matches few drives and the term is tested per row; one that matches many
            // is tested as the sort order is walked, with the term's matches as a set.
            try await sql.raw("""
                UPDATE customers SET status = 'blocked' WHERE name LIKE 'Zanna Late %' AND CAST(substr(name, 12) AS INTEGER) % 2 = 0
                """).run()
            try await sql.raw("""
                UPDATE customers SET status = 'inactive' WHERE name LIKE 'Zanna Late 1%' AND CAST(substr(name, 12) AS INTEGER) % 2 = 1
                """).run()
            for (status, query, order) in [("blocked", "sort=name", "search_name, seq"), ("blocked", "sort=-total_spent", "total_spent_minor DESC, seq DESC"),
                                           ("inactive", "sort=-name", "search_name DESC, seq DESC"), ("inactive", "sort=created_at", "seq")] {
                let want = try await expected(order, status: status)
                let got = try await listed("status=\(status)&\(query)")
                #expect(got == want, "status=\(status)&\(query): \(got.count) listed, \(want.count) expected")
                let page = try await app.send(.GET, "/api/v1/customers?q=ann&status=\(status)&\(query)&per_page=10", token: org.adminToken)
                #expect(page["total"] as? Int == want.count, "status=\(status)&\(query): \(page.text.prefix(300))")
            }
            // The first page by name: the email match first; its total counts the index's matches.
            let first = try await app.send(.GET, "/api/v1/customers?q=ann&sort=name&per_page=5", token: org.adminToken)
            #expect(first.data.first?["name"] as? String == "Aaron Email")
            #expect(first["total"] as? Int == min(Self.matching + 1, CustomerSearch.countCap))
        }
    }

    /// More matches than `CustomerFilterPlan.examineCap`: the total is an estimate. Without another filter, the
    /// organization's share of a sample past `countCap`; with one, the share of the first `estimateSample` matches
    /// that passes it, scaled to `examineCap`, near the true count here.
    @Test func theTotalOfATermWithMoreMatchesThanAreExaminedIsAnEstimate() async throws {
        try await withTestApp { app in
            guard SQLDialectKind(app.db) == .sqlite else { return }
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let organizationID = try #require(UUID(uuidString: org.id))
            let rows = CustomerFilterPlan.examineCap + 100
            var csv = "name\n"
            for n in 0..<rows { csv += "Anna Row \(n)\n" }
            #expect(try await app.importCSV(org.adminToken, csv)["created"] as? Int == rows)
            let sql = app.db as! any SQLDatabase
            try await sql.raw("UPDATE customers SET status = 'inactive' WHERE organization_id = \(bind: organizationID) AND seq % 4 = 0").run()

            let all = try await app.send(.GET, "/api/v1/customers?q=anna&per_page=5", token: org.adminToken)
            #expect(all["total"] as? Int == CustomerSearch.countCap && all["total_is_estimate"] as? Bool == true, "\(all.text.prefix(300))")

            let inactive = try await app.send(.GET, "/api/v1/customers?q=anna&status=inactive&sort=-total_spent&per_page=5",
                                              token: org.adminToken)
            let sampled = try await sql.raw("""
                SELECT count(*) AS n FROM (SELECT seq FROM customers WHERE organization_id = \(bind: organizationID)
                ORDER BY seq LIMIT \(unsafeRaw: String(CustomerSearch.estimateSample))) WHERE seq % 4 = 0
                """).first()?.decode(column: "n", as: Int.self) ?? 0
            #expect(inactive["total_is_estimate"] as? Bool == true)
            #expect(inactive["total"] as? Int == sampled * (CustomerFilterPlan.examineCap / CustomerSearch.estimateSample), "\(inactive.text.prefix(300))")
            let truth = rows / 4
            let total = inactive["total"] as? Int ?? 0
            #expect(abs(total - CustomerFilterPlan.examineCap / 4) < truth / 10, "\(total) for \(truth) inactive")
            #expect(inactive.data.count == 5)
        }
    }
}
