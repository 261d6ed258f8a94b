@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// A search's total: exact up to `countCap`, and `countCap` marked as an estimate beyond it. On PostgreSQL a broad term
/// is judged from a sample of the organization spread over its creation order (`sampleSaysBeyondCap`) instead of
/// counting ten thousand matches; a term with fewer matches, spread out or clustered among the newest customers, must
/// still be counted exactly. Both databases.
@Suite struct SampledTotalTests {
    static let customers = CustomerSearch.countCap * 8 / 5
    static let newest = 3_000

    @Test func aBroadTermIsTenThousandPlusAndNarrowerTermsAreCountedExactly() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let organizationID = try #require(UUID(uuidString: org.id))
            // Every name holds "row"; 9 in 16 hold "kim", spread evenly; the newest 3,000 hold "late".
            var csv = "name\n"
            for n in 0..<Self.customers {
                csv += (n % 16 < 9 ? "Kim" : "Lee") + (n >= Self.customers - Self.newest ? " Late" : "") + " Row \(n)\n"
            }
            #expect(try await app.importCSV(org.adminToken, csv)["created"] as? Int == Self.customers)
            let sql = app.db as! any SQLDatabase
            func truth(_ term: String, status: String? = nil) async throws -> Int {
                try await sql.raw("""
                    SELECT count(*) AS n FROM customers WHERE organization_id = \(bind: organizationID)
                    AND search_name LIKE \(bind: "%\(term)%")
                    \(unsafeRaw: status.map { "AND status = '\($0)'" } ?? "")
                    """).first()?.decode(column: "n", as: Int.self) ?? -1
            }

            for sort in ["", "&sort=-total_spent", "&sort=name"] {
                let broad = try await app.send(.GET, "/api/v1/customers?q=row&per_page=5\(sort)", token: org.adminToken)
                #expect(broad["total"] as? Int == CustomerSearch.countCap, "q=row\(sort): \(broad.text.prefix(200))")
                #expect(broad["total_is_estimate"] as? Bool == true)
                #expect(broad.data.count == 5)

                let spread = try await app.send(.GET, "/api/v1/customers?q=kim&per_page=5\(sort)", token: org.adminToken)
                #expect(spread["total"] as? Int == (try await truth("kim")), "q=kim\(sort): \(spread.text.prefix(200))")
                #expect(spread["total_is_estimate"] as? Bool == false)

                let clustered = try await app.send(.GET, "/api/v1/customers?q=late&per_page=5\(sort)", token: org.adminToken)
                #expect(clustered["total"] as? Int == Self.newest, "q=late\(sort): \(clustered.text.prefix(200))")
                #expect(clustered["total_is_estimate"] as? Bool == false)
            }
            #expect(try await truth("kim") == 9_000)

            if TestDatabase.isPostgres {
                // A first page newest first tells the term's density: the sample is read only when that density, over
                // the organization's seq range, comes to more than the cap. Every customer matches "row", so the
                // sample, once read, says beyond; a page says it is not read.
                let admin = try #require(try await User.query(on: app.db).filter(\.$email == org.adminEmail).first())
                let search = CustomerSearch(database: app.db, access: try CustomerAccess(
                    Principal(user: admin, tokenID: UUID(), organizationID: organizationID)))
                let parameters = try CustomerListParameters(timezone: .gmt) { ["q": "row"][$0] ?? nil }
                let range = try #require(try await sql.raw("""
                    SELECT min(seq) AS low, max(seq) AS high FROM customers WHERE organization_id = \(bind: organizationID)
                    """).first())
                let low = try range.decode(column: "low", as: Int.self), high = try range.decode(column: "high", as: Int.self)
                #expect(high - low + 1 == Self.customers)
                #expect(try await search.sampleSaysBeyondCap(parameters))
                // 20 matches over the newest 31 customers: 20 × 16,000 / 31 ≈ 10,323 > 10,000, the sample is read.
                #expect(try await search.sampleSaysBeyondCap(parameters, newestPage: (matches: 20, oldestSeq: high - 30)))
                // Over the newest 33: ≈ 9,697, counted exactly instead.
                #expect(try await !search.sampleSaysBeyondCap(parameters, newestPage: (matches: 20, oldestSeq: high - 32)))
                #expect(try await !search.sampleSaysBeyondCap(parameters, newestPage: (matches: 20, oldestSeq: (low + high) / 2)))
            }

            // Another filter is part of the sample's test: a broad term that few blocked customers hold is exact.
            try await sql.raw("""
                UPDATE customers SET status = 'blocked' WHERE organization_id = \(bind: organizationID) AND seq % 10 = 0
                """).run()
            let blocked = try await app.send(.GET, "/api/v1/customers?q=row&status=blocked&per_page=5", token: org.adminToken)
            #expect(blocked["total"] as? Int == (try await truth("row", status: "blocked")), "\(blocked.text.prefix(200))")
            #expect(blocked["total_is_estimate"] as? Bool == false)
        }
    }
}
