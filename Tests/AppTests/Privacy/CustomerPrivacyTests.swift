@testable import App
import ClienteleStore
import Foundation
import SQLKit
import Testing
import Vapor

@Suite struct CustomerPrivacyTests {
    /// A customer with an address, a paid order, a task and a consent change.
    func person(_ app: Application, _ org: OrgFixture) async throws -> String {
        let ann = try await app.createCustomer(org.adminToken, [
            "name": "Zelda Quixotic", "email": "zelda.quixotic@example.com", "phone": "+49 30 9876543",
            "marketing": ["email_opt_in": true]])
        let id = try #require(ann["id"] as? String)
        let address = try await app.send(.POST, "/api/v1/customers/\(id)/addresses", token: org.adminToken,
                                         json: ["line1": "17 Quixotic Lane", "city": "Berlin", "contact_phone": "+49 30 9876543"])
        #expect(address.status == .created, "\(address.text)")
        try await app.placeOrder(org.adminToken, ["customer_id": id, "amount": "42.00"])
        let task = try await app.send(.POST, "/api/v1/tasks", token: org.adminToken, json: [
            "type": "delivery", "customer_id": id, "dropoff": ["line1": "17 Quixotic Lane", "city": "Berlin"]])
        #expect(task.status == .created, "\(task.text)")
        return id
    }

    @Test func dataExportHoldsEveryKindOfRecord() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken(), settings: ["default_country": "DE"])
            let id = try await person(app, org)
            let export = try await app.send(.GET, "/api/v1/customers/\(id)/data-export", token: org.adminToken)
            #expect(export.status == .ok, "\(export.text)")
            #expect((export["customer"] as? [String: Any])?["email"] as? String == "zelda.quixotic@example.com")
            #expect((export["addresses"] as? [Any])?.count == 1)
            #expect((export["orders"] as? [[String: Any]])?.first?["amount"] as? String == "42.00")
            #expect((export["tasks"] as? [Any])?.count == 1)
            #expect(((export["timeline"] as? [Any])?.count ?? 0) >= 2)
            let consent = try #require(export["consent"] as? [String: Any])
            #expect(consent["email_opt_in"] as? Bool == true && (consent["history"] as? [Any])?.count == 1)
            #expect((export["loyalty"] as? [String: Any])?["points"] is Int)
            for key in ["gift_cards", "notifications", "accounts"] { #expect(export[key] is [Any], "\(key)") }
            #expect(export["exported_at"] is String)
        }
    }

    @Test func privacyRoutesAnswer404ForAnotherOrganizationAndCheckRoles() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            let acme = try await app.createOrganization("acme", rootToken: root)
            let other = try await app.createOrganization("other", rootToken: root)
            let id = try #require(try await app.createCustomer(acme.adminToken, ["name": "Ann"])["id"] as? String)
            try await app.send(.GET, "/api/v1/customers/\(id)/data-export", token: other.adminToken).expectProblem(.notFound)
            try await app.send(.POST, "/api/v1/customers/\(id)/erase", token: other.adminToken, json: ["reason": "asked"])
                .expectProblem(.notFound)
            let dispatcher = try await app.createUser(in: acme, role: "dispatcher")
            let agent = try await app.createUser(in: acme, role: "agent")
            #expect(try await app.send(.GET, "/api/v1/customers/\(id)/data-export", token: dispatcher.token).status == .ok)
            try await app.send(.GET, "/api/v1/customers/\(id)/data-export", token: agent.token).expectProblem(.forbidden)
            try await app.send(.POST, "/api/v1/customers/\(id)/erase", token: dispatcher.token, json: ["reason": "asked"])
                .expectProblem(.forbidden)
            try await app.send(.POST, "/api/v1/customers/\(id)/erase", token: acme.adminToken, json: [:] as [String: Any])
                .expectProblem(.unprocessableEntity, field: "reason")
            #expect(try await app.send(.GET, "/api/v1/customers/\(id)", token: acme.adminToken).status == .ok)
        }
    }

    @Test func erasureRemovesThePersonKeepsOrderTotalsAndRecordsWhoAndWhy() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken(), settings: ["default_country": "DE"])
            let id = try await person(app, org)
            let erased = try await app.send(.POST, "/api/v1/customers/\(id)/erase", token: org.adminToken,
                                            json: ["reason": "GDPR request of 2026-11-23"])
            #expect(erased.status == .ok, "\(erased.text)")
            #expect(erased["customer_id"] as? String == id && erased["reason"] as? String == "GDPR request of 2026-11-23")
            #expect(!erased.text.contains("zelda"))
            try await app.send(.GET, "/api/v1/customers/\(id)", token: org.adminToken).expectProblem(.notFound)
            #expect(try await app.customerNames(org.adminToken, "q=quixotic").isEmpty)
            let orders = try await app.send(.GET, "/api/v1/orders", token: org.adminToken)
            let order = try #require(orders.data.first)
            #expect(order["amount"] as? String == "42.00" && order["customer_id"] is NSNull)
            #expect(!orders.text.lowercased().contains("zelda") && !orders.text.contains("9876543"))
            let tasks = try await app.send(.GET, "/api/v1/tasks", token: org.adminToken)
            #expect(!tasks.text.contains("Quixotic") && !tasks.text.contains("9876543"))
        }
    }

    /// PostgreSQL: the search's entries of an erased person's common trigrams (migration 0036) are gone with her.
    @Test(.enabled(if: TestDatabase.isPostgres, "PostgreSQL's trigram entries"))
    func erasureTakesThePersonsTrigramEntriesWithHer() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let erased = try #require(try await app.createCustomer(org.adminToken, ["name": "Marianne Harrison",
                                                                                      "email": "marianne@example.com"])["id"] as? String)
            _ = try await app.createCustomer(org.adminToken, ["name": "Anna Kept"])
            let sql = try app.db.sql
            func entries(_ name: String) async throws -> Int {
                try await sql.raw(SQLQueryString("SELECT count(*) AS n FROM \(unsafeRaw: CustomerTrigramMask.postingsTable) WHERE search_name = \(bind: name)"))
                    .first()?.decode(column: "n", as: Int.self) ?? -1
            }
            #expect(try await entries("marianne harrison") >= 3, "mar, ari, ann, har, ris, son…")
            let answer = try await app.send(.POST, "/api/v1/customers/\(erased)/erase", token: org.adminToken, json: ["reason": "asked"])
            #expect(answer.status == .ok, "\(answer.text)")
            #expect(try await entries("marianne harrison") == 0)
            #expect(try await entries("anna kept") >= 1)
            try await expectTrigramPostingsMatchCustomers(sql)
        }
    }

    @Test(.enabled(if: !TestDatabase.isPostgres, "reads a SQLite database file"))
    func erasureLeavesNoBytesOfThePersonInTheDatabaseFile() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("clientele-erase-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("erase.sqlite").path
        try await withTestApp(adjust: { $0.database = .sqliteFile(path: path) }) { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken(), settings: ["default_country": "DE"])
            for n in 1...300 { try await app.createCustomer(org.adminToken, ["name": "Other Person \(n)", "email": "other\(n)@example.com"]) }
            let id = try await person(app, org)
            for n in 301...320 { try await app.createCustomer(org.adminToken, ["name": "Other Person \(n)"]) }
            let erased = try await app.send(.POST, "/api/v1/customers/\(id)/erase", token: org.adminToken, json: ["reason": "asked"])
            #expect(erased.status == .ok, "\(erased.text)")
            try await (app.db as! any SQLDatabase).raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
            var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            if let wal = try? Data(contentsOf: URL(fileURLWithPath: path + "-wal")) { bytes.append(wal) }
            #expect(bytes.range(of: Data("Other Person 17".utf8)) != nil, "the file is read")
            for secret in ["zelda.quixotic@example.com", "Zelda Quixotic", "zelda quixotic", "+49309876543", "Quixotic Lane"] {
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) is still in the database file")
            }
            let orders = try await app.send(.GET, "/api/v1/orders", token: org.adminToken)
            #expect(orders.data.first?["amount"] as? String == "42.00")
        }
    }
}
