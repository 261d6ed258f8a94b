@testable import App
import Foundation
import SQLKit
import Testing
import Vapor

/// An organization with its loyalty programme on, an admin, and helpers for points.
struct LoyaltyWorld {
    let app: Application
    let org: OrgFixture

    static func make(_ app: Application, slug: String = "acme", program: [String: Any] = [:], settings: [String: Any] = [:]) async throws -> LoyaltyWorld {
        let org = try await app.createOrganization(slug, rootToken: try await app.rootToken())
        var loyalty: [String: Any] = ["enabled": true, "points_per_unit": "1"]
        loyalty.merge(program) { _, new in new }
        var all = settings
        all["loyalty"] = loyalty
        let patched = try await app.send(.PATCH, "/api/v1/organizations/\(org.id)", token: org.adminToken, json: ["settings": all])
        #expect(patched.status == .ok, "\(patched.text)")
        return LoyaltyWorld(app: app, org: org)
    }

    func customer(_ body: [String: Any] = [:]) async throws -> String {
        var body = body
        if body["name"] == nil { body["name"] = "Customer \(UUID().uuidString.prefix(6))" }
        let created = try await app.send(.POST, "/api/v1/customers", token: org.adminToken, json: body)
        #expect(created.status == .created, "\(created.text)")
        return try #require(created["id"] as? String)
    }

    @discardableResult
    func adjust(_ customer: String, _ points: Int, reason: String = "test", token: String? = nil) async throws -> APIResponse {
        try await app.send(.POST, "/api/v1/customers/\(customer)/loyalty/adjustments", token: token ?? org.adminToken,
                           json: ["points": points, "reason": reason])
    }

    @discardableResult
    func redeem(_ customer: String, _ body: [String: Any]) async throws -> APIResponse {
        try await app.send(.POST, "/api/v1/customers/\(customer)/loyalty/redemptions", token: org.adminToken, json: body)
    }

    func balance(_ customer: String) async throws -> Int {
        let summary = try await app.send(.GET, "/api/v1/customers/\(customer)/loyalty", token: org.adminToken)
        #expect(summary.status == .ok, "\(summary.text)")
        return try #require(summary["balance"] as? Int, "\(summary.text)")
    }

    func entries(_ customer: String) async throws -> [[String: Any]] {
        let page = try await app.send(.GET, "/api/v1/customers/\(customer)/loyalty/entries?per_page=100", token: org.adminToken)
        #expect(page.status == .ok, "\(page.text)")
        return page.data
    }

    func order(_ body: [String: Any], key: String? = nil) async throws -> APIResponse {
        try await app.send(.POST, "/api/v1/orders", token: org.adminToken, json: body,
                           headers: key.map { [("Idempotency-Key", $0)] } ?? [])
    }

    func patchOrder(_ id: String, _ body: [String: Any]) async throws -> APIResponse {
        try await app.send(.PATCH, "/api/v1/orders/\(id)", token: org.adminToken, json: body)
    }

    var sql: any SQLDatabase { app.db as! any SQLDatabase }

    /// Every customer's `loyalty_points` equals its ledger's sum and its unspent grants' `remaining`; no balance below 0.
    func checkLedgerInvariant() async throws {
        let rows = try await sql.raw("""
            SELECT c.id AS id, c.loyalty_points AS balance,
                   CAST(COALESCE((SELECT SUM(points) FROM loyalty_entries e WHERE e.customer_id = c.id), 0) AS BIGINT) AS total,
                   CAST(COALESCE((SELECT SUM(remaining) FROM loyalty_entries e WHERE e.customer_id = c.id), 0) AS BIGINT) AS unspent,
                   (SELECT MIN(balance_after) FROM loyalty_entries e WHERE e.customer_id = c.id) AS lowest
            FROM customers c
            """).all()
        for row in rows {
            let balance = try row.decode(column: "balance", as: Int.self)
            #expect(balance >= 0)
            #expect(try row.decode(column: "total", as: Int.self) == balance, "ledger sum")
            #expect(try row.decode(column: "unspent", as: Int.self) == balance, "unspent grants")
            #expect(try row.decode(column: "lowest", as: Int?.self) ?? 0 >= 0)
        }
    }

    /// Runs the loyalty jobs as of `now`.
    @discardableResult
    func runJobs(at now: Date, owner: String = "test", only: LoyaltyJobs.Only? = nil) async throws -> LoyaltyJobs.Report {
        try await LoyaltyJobs(database: app.db, owner: owner, logger: app.logger).run(now: now, only: only)
    }
}

extension Date {
    /// An RFC 3339 time, for tests.
    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }
}
