@testable import App
@testable import ClienteleStore
import Foundation
import SQLKit
import Testing
import Vapor

/// Migration 0024 computes the possible-duplicate keys of the customers and addresses stored before it, in batches:
/// after it, the pairs they form are found as if the keys had been written with the records.
@Suite struct DuplicateKeysBackfillTests {
    @Test
    func theMigrationGivesStoredRecordsTheirKeysBatchByBatch() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let jim = try await app.createCustomer(org.adminToken, ["name": "Jim Brown", "email": "jim.brown@gmail.com"])
            try await app.createCustomer(org.adminToken, ["name": "James Brown", "email": "jimbrown@gmail.com"])
            let anna = try await app.createCustomer(org.adminToken, ["name": "Anna Rossi"])
            let annie = try await app.createCustomer(org.adminToken, ["name": "Rossi, Anna", "phone": "+1 415 555 0188"])
            for id in [anna["id"]!, annie["id"]!] {
                let added = try await app.send(.POST, "/api/v1/customers/\(id)/addresses", token: org.adminToken,
                                               json: ["line1": "12 Main Street", "postal_code": "94110", "city": "San Francisco", "country": "US"])
                #expect(added.status == .created, "\(added.text)")
            }
            for index in 0..<5 { try await app.createCustomer(org.adminToken, ["name": "Someone \(index)", "email": "s\(index)@example.com"]) }
            let before = try await app.send(.GET, "/api/v1/customers/duplicates", token: org.adminToken)
            #expect(before["total"] as? Int == 2, "\(before.text)")

            // The records as an earlier release left them: no key columns.
            let migration = CreateDuplicateKeys(batchSize: 2)
            // On one connection: SQLite parses a DDL statement against the connection's own copy of the schema, and
            // another pooled connection's copy still has the columns the revert dropped ("duplicate column name").
            try await app.db.withConnection { connection in
                try await migration.revert(on: connection)
                try await migration.prepare(on: connection)
            }

            let after = try await app.send(.GET, "/api/v1/customers/duplicates", token: org.adminToken)
            func reasons(_ page: [[String: Any]]) -> [String] {
                page.map { ($0["reasons"] as? [String] ?? []).joined(separator: "+") }.sorted()
            }
            let reasonsBefore = reasons(before.data), reasonsAfter = reasons(after.data)
            #expect(reasonsAfter == reasonsBefore, "\(after.text)")
            #expect(reasonsBefore == ["same_name+same_address", "similar_name+same_email"])
            #expect(after["total"] as? Int == 2, "\(after.text)")
            let sql = try #require(app.db as? any SQLDatabase)
            let keys = try await sql.raw("SELECT dup_name_key, dup_email_key FROM customers WHERE id = \(bind: UUID(uuidString: jim["id"] as! String)!)").first()
            #expect(try keys?.decode(column: "dup_name_key", as: String?.self) == "brown james")
            #expect(try keys?.decode(column: "dup_email_key", as: String?.self) == "jimbrown@gmail.com")
            let keyed = try await sql.raw("SELECT count(*) AS n FROM addresses WHERE dup_key = \(bind: "12 main st|94110")").first()
            #expect(try keyed?.decode(column: "n", as: Int.self) == 2)
        }
    }
}
