@testable import App
import Fluent
import SQLKit
import Testing
import Vapor

@Suite struct WriteTransactionTests {
    struct Refused: Error {}

    /// Writers that fail after writing leave nothing behind, whichever group commit they shared with winners — also
    /// the counters they moved. Rerunnable writers share a group without savepoints and run again alone when one fails.
    @Test(arguments: [false, true])
    func eachConcurrentWriterCommitsOrRollsBackAlone(rerunnable: Bool) async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let organizationID = UUID(uuidString: org.id)!
            let before = try await CustomerCounter(database: app.db).count(for: organizationID)
            let sql = app.db as! any SQLDatabase
            try await sql.raw("CREATE TABLE write_probe (n INTEGER NOT NULL, step INTEGER NOT NULL)").run()
            let outcomes = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
                for n in 0..<30 {
                    group.addTask {
                        do {
                            try await WriteTransaction.run(on: app.db, rerunnable: rerunnable) { db in
                                let sql = db as! any SQLDatabase
                                try await sql.raw("INSERT INTO write_probe (n, step) VALUES (\(bind: n), 1)").run()
                                try await CustomerCounter(database: db).add(1, to: organizationID)
                                // A nested write joins the writer's own transaction instead of waiting for it.
                                try await WriteTransaction.run(on: db) { inner in
                                    try await (inner as! any SQLDatabase).raw("INSERT INTO write_probe (n, step) VALUES (\(bind: n), 2)").run()
                                }
                                if n % 3 == 0 { throw Refused() }
                            }
                            return (n, true)
                        } catch is Refused {
                            return (n, false)
                        }
                    }
                }
                return try await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
            }
            #expect(outcomes.count == 30)
            #expect(outcomes.filter { $0.value }.count == 20)
            let rows = try await sql.raw("SELECT n, step FROM write_probe").all()
            let written = try rows.map { try $0.decode(column: "n", as: Int.self) }
            #expect(written.count == 40)
            #expect(Set(written) == Set((0..<30).filter { $0 % 3 != 0 }))
            #expect(try await CustomerCounter(database: app.db).count(for: organizationID) == before + 20)
            try await sql.raw("DROP TABLE write_probe").run()
        }
    }
}
