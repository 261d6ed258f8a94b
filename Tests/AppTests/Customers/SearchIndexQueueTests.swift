@testable import App
import Fluent
import SQLKit
import Testing
import Vapor

/// Customers written together — concurrent requests sharing a group commit, rows of one import batch — are found by
/// the very next search with their latest values, and never by values they no longer have. On SQLite the index
/// entries of new customers are written once per transaction (`QueueSearchIndexInserts`), so a customer inserted
/// and then changed or deleted in the same transaction is the case to get right; FTS5's own integrity check then
/// compares the index with the table.
@Suite struct SearchIndexQueueTests {
    @Test func customersWrittenConcurrentlyAreFoundAsTheyAreNow() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let ids = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for index in 0..<40 {
                    group.addTask {
                        let response = try await app.send(.POST, "/api/v1/customers", token: org.adminToken,
                                                          json: ["name": "Quorra Person \(index)", "email": "quorra\(index)@grid.example"])
                        #expect(response.status == .created, "\(response.text)")
                        return (index, response["id"] as? String ?? "")
                    }
                }
                return try await group.reduce(into: [String](repeating: "", count: 40)) { $0[$1.0] = $1.1 }
            }
            #expect(try await app.send(.GET, "/api/v1/customers?q=quorra&per_page=100", token: org.adminToken)["total"] as? Int == 40)

            // Renames, new emails and deletes, all at once, so that they share transactions with each other.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, id) in ids.enumerated() {
                    group.addTask {
                        switch index % 4 {
                        case 0: try await app.send(.DELETE, "/api/v1/customers/\(id)", token: org.adminToken)
                        case 1: try await app.send(.PATCH, "/api/v1/customers/\(id)", token: org.adminToken, json: ["name": "Tron Program \(index)"])
                        case 2: try await app.send(.PATCH, "/api/v1/customers/\(id)", token: org.adminToken, json: ["email": "flynn\(index)@grid.example"])
                        default: try await app.send(.PATCH, "/api/v1/customers/\(id)", token: org.adminToken, json: ["company": "ENCOM"])
                        }
                    }
                }
                try await group.waitForAll()
            }
            // Deleted: 0, 4, 8, …; renamed: 1, 5, …; new email: 2, 6, …; another field changed: 3, 7, ….
            #expect(try await app.send(.GET, "/api/v1/customers?q=quorra%20person&per_page=100", token: org.adminToken)["total"] as? Int == 20)
            #expect(try await app.send(.GET, "/api/v1/customers?q=quorra&per_page=100", token: org.adminToken)["total"] as? Int == 30)
            #expect(try await app.send(.GET, "/api/v1/customers?q=tron%20program&per_page=100", token: org.adminToken)["total"] as? Int == 10)
            #expect(try await app.send(.GET, "/api/v1/customers?q=flynn&per_page=100", token: org.adminToken)["total"] as? Int == 10)
            #expect(try await app.customerNames(org.adminToken, "q=quorra0@") == [])
            #expect(try await app.customerNames(org.adminToken, "q=quorra2@") == [])
            #expect(try await app.customerNames(org.adminToken, "q=quorra3@") == ["Quorra Person 3"])
            try await expectIndexMatchesTable(app)
        }
    }

    @Test func aCustomerCreatedAndChangedInOneImportBatchIsFoundByItsLastValues() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken(),
                                                       settings: ["default_country": "US"])
            // The second row matches the first by phone, inside the file: one batch creates and then renames her.
            let csv = """
                name,phone,email
                Yori Lora,+14155552671,
                Yori Renamed,+14155552671,yori@grid.example
                Alan Bradley,+14155550199,alan@grid.example
                """
            let job = try await app.importCSV(org.adminToken, csv, query: "on_match=overwrite")
            #expect(job["status"] as? String == "done", "\(job.text)")
            #expect(try await app.customerNames(org.adminToken, "q=lora") == [])
            #expect(try await app.customerNames(org.adminToken, "q=renamed") == ["Yori Renamed"])
            #expect(try await app.customerNames(org.adminToken, "q=yori@grid") == ["Yori Renamed"])
            #expect(try await app.customerNames(org.adminToken, "q=5550199") == ["Alan Bradley"])
            try await expectIndexMatchesTable(app)
        }
    }

    /// SQLite: FTS5 compares its index with the customers table (`integrity-check` with rank 1 fails on any
    /// difference), and nothing is left queued once the transactions have committed.
    private func expectIndexMatchesTable(_ app: Application) async throws {
        guard !TestDatabase.isPostgres, let sql = app.db as? any SQLDatabase else { return }
        try await sql.raw("INSERT INTO customers_fts(customers_fts, rank) VALUES ('integrity-check', 1)").run()
        try await expectNameOrderIndexMatchesTable(sql)
        let queued = try await sql.raw("SELECT count(*) AS n FROM customers_fts_pending").first()
        #expect(try queued?.decode(column: "n", as: Int.self) == 0)
    }
}
