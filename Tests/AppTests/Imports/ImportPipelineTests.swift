@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// On PostgreSQL an import writes two batches at once (`ImportBatchPipeline`); the file's order must hold all the
/// same. Each test holds the first batch back just before its commit (a lock on the counter table, which a batch
/// writes last), so that the second batch reads its matches while the first is still uncommitted. On SQLite the
/// same files check the same outcomes, written one batch after the other.
@Suite struct ImportPipelineTests {
    /// A file of two batches: `first` opens the first, 499 new people fill it, `second` opens the second and one
    /// more new person follows (a batch of one row is matched row by row, and always waits for the one before).
    private func twoBatches(first: String, second: String) -> String {
        var lines = ["name,email,phone,company", first]
        for i in 0..<(ImportJobRunner.batchSize - 1) { lines.append("Filler \(i),filler\(i)@example.com,,") }
        lines += [second, "Last One,last@example.com,,"]
        return lines.joined(separator: "\n")
    }

    /// Imports `csv` while the counter table is locked, until the first batch waits for it and a moment after.
    private func importHoldingTheFirstBatch(_ app: Application, _ token: String, _ csv: String) async throws -> APIResponse {
        guard TestDatabase.isPostgres, let sql = app.db as? any SQLDatabase else { return try await app.importCSV(token, csv) }
        let (locked, signal) = AsyncStream.makeStream(of: Void.self)
        let holder = Task {
            try await app.db.transaction { db in
                try await (try db.sql).raw("LOCK TABLE organization_counters IN EXCLUSIVE MODE").run()
                signal.yield()
                // Until the first batch waits for the lock (10 s at most), then long enough for the second to read its
                // matches beside it.
                for _ in 0..<100 {
                    let waiting = try await SQLRows.first("""
                        SELECT count(*) AS n FROM pg_locks WHERE NOT granted AND relation = 'organization_counters'::regclass
                        """, on: sql)
                    if try waiting?.decode(column: "n", as: Int.self) ?? 0 > 0 { break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                try await Task.sleep(for: .milliseconds(1_500))
            }
        }
        for await _ in locked { break }
        let job = try await app.importCSV(token, csv)
        try await holder.value
        return job
    }

    @Test func aStoredCustomerBothBatchesMatchIsChangedInFileOrder() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let stored = try await app.createCustomer(org.adminToken, ["name": "Stored One", "email": "one@example.com",
                                                                       "phone": "+14155550123"])
            // The first batch finds her by email and fills her company; the second by phone, and offers another.
            let csv = twoBatches(first: "Stored One,one@example.com,,First Co", second: "Stored One,,+14155550123,Second Co")
            let job = try await importHoldingTheFirstBatch(app, org.adminToken, csv)
            #expect(job["status"] as? String == "done" && job["created"] as? Int == 500, "\(job.text)")
            #expect(job["updated"] as? Int == 1 && job["unchanged"] as? Int == 1, "\(job.text)")
            let after = try await app.send(.GET, "/api/v1/customers/\(stored["id"] as? String ?? "")", token: org.adminToken)
            #expect(after["company"] as? String == "First Co", "the second batch must see the first one's fill")
            #expect(after["version"] as? Int == 2)
        }
    }

    @Test func aPersonTheFirstBatchCreatesIsMatchedByTheSecond() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            // Known by name alone (no email, no phone): no unique index would catch a second record.
            let csv = twoBatches(first: "Nameless Walker,,,", second: "Nameless Walker,,,Walker Co")
            let job = try await importHoldingTheFirstBatch(app, org.adminToken, csv)
            #expect(job["status"] as? String == "done" && job["created"] as? Int == 501, "\(job.text)")
            #expect(job["updated"] as? Int == 1, "\(job.text)")
            let found = try await app.send(.GET, "/api/v1/customers?q=nameless", token: org.adminToken).data
            #expect(found.count == 1 && found.first?["company"] as? String == "Walker Co", "\(found)")
        }
    }

    @Test func aFailingFirstBatchIsAppliedAgainAndTheSecondAfterIt() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            _ = try await app.createCustomer(org.adminToken, ["name": "Holder", "external_id": "EXT-1"])
            // The first batch breaks the external id's unique index: it is applied again row by row, and the second,
            // written beside it, again after it.
            let csv = "name,email,external_id\nClash,clash@example.com,EXT-1\n"
                + (0..<(ImportJobRunner.batchSize * 2 - 1)).map { "Person \($0),p\($0)@example.com," }.joined(separator: "\n")
            let job = try await importHoldingTheFirstBatch(app, org.adminToken, csv)
            #expect(job["status"] as? String == "done" && job["rows_done"] as? Int == 1_000, "\(job.text)")
            #expect(job["created"] as? Int == 999 && job["rejected"] as? Int == 1, "\(job.text)")
            let all = try await app.send(.GET, "/api/v1/customers?per_page=1", token: org.adminToken)
            #expect(all["total"] as? Int == 1_000)
        }
    }
}
