@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// On PostgreSQL an import batch writes its matched customers' saves together at its end (`CustomerUpdateBatch`),
/// each at the version the batch read.
@Suite struct ImportMatchedSavesTests {
    @Test func matchedCustomersAreSavedWithTheirTimelines() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            var ids: [String] = []
            for k in 0..<30 {
                let customer = try await app.createCustomer(org.adminToken, ["name": "Stored \(k)", "email": "s\(k)@example.com"])
                ids.append(customer["id"] as? String ?? "")
            }
            // Every stored customer twice (company, then notes: the second save expects the first one's version), and
            // new people between them.
            var lines = ["name,email,company,notes"]
            for k in 0..<30 { lines += ["Stored \(k),s\(k)@example.com,Co \(k),", "New \(k),n\(k)@example.com,,"] }
            for k in 0..<30 { lines.append("Stored \(k),s\(k)@example.com,,Note \(k)") }
            let job = try await app.importCSV(org.adminToken, lines.joined(separator: "\n"))
            #expect(job["status"] as? String == "done" && job["created"] as? Int == 30 && job["updated"] as? Int == 60, "\(job.text)")
            for (k, id) in ids.enumerated() {
                let customer = try await app.send(.GET, "/api/v1/customers/\(id)", token: org.adminToken)
                #expect(customer["company"] as? String == "Co \(k)" && customer["notes"] as? String == "Note \(k)")
                #expect(customer["version"] as? Int == 3, "\(customer.text)")
                let timeline = try await app.send(.GET, "/api/v1/customers/\(id)/timeline", token: org.adminToken).data
                #expect(timeline.map { $0["type"] as? String } == ["updated", "updated", "created"], "\(timeline)")
            }
        }
    }

    /// A customer changed by someone else after the batch read it (PostgreSQL only: another writer holds her row): the
    /// batch's saves find her at another version, the batch is applied again, and filling leaves what that writer put
    /// there.
    @Test func aCustomerChangedMeanwhileIsReadAgain() async throws {
        guard TestDatabase.isPostgres else { return }
        try await withTestApp { app in
            guard let sql = app.db as? any SQLDatabase else { return }
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let stored = try await app.createCustomer(org.adminToken, ["name": "Stored One", "email": "one@example.com"])
            let id = try #require(stored["id"] as? String)
            let (locked, signal) = AsyncStream.makeStream(of: Void.self)
            // Another writer holds her row; once the batch's save waits for it, that writer fills her company first.
            let writer = Task {
                try await app.db.transaction { db in
                    let tx = try db.sql
                    try await tx.raw("SELECT id FROM customers WHERE id = \(bind: UUID(uuidString: id)!) FOR UPDATE").run()
                    signal.yield()
                    for _ in 0..<100 {
                        let waiting = try await SQLRows.first(
                            "SELECT count(*) AS n FROM pg_locks WHERE NOT granted AND locktype = 'transactionid'", on: sql)
                        if try waiting?.decode(column: "n", as: Int.self) ?? 0 > 0 { break }
                        try await Task.sleep(for: .milliseconds(100))
                    }
                    try await tx.raw("""
                        UPDATE customers SET company = 'Edited Co', version = version + 1 WHERE id = \(bind: UUID(uuidString: id)!)
                        """).run()
                }
            }
            for await _ in locked { break }
            let job = try await app.importCSV(org.adminToken, "name,email,company\nStored One,one@example.com,Import Co\nNew One,new@example.com,")
            try await writer.value
            #expect(job["status"] as? String == "done" && job["created"] as? Int == 1, "\(job.text)")
            #expect(job["updated"] as? Int == 0 && job["unchanged"] as? Int == 1, "\(job.text)")
            let after = try await app.send(.GET, "/api/v1/customers/\(id)", token: org.adminToken)
            #expect(after["company"] as? String == "Edited Co" && after["version"] as? Int == 2, "\(after.text)")
        }
    }
}
