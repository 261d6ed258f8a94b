@testable import ClienteleStore
import FluentKit
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Testing

/// The write gate and group commit on a real SQLite file, with counters of the test's own (`ProbeCounts`) in place
/// of the application's: the store orchestrates deferred writes it knows nothing about.
@Suite struct WriteGateTests {
    struct Refused: Error {}

    /// Writers run one at a time (never two bodies at once), so a read-then-write never loses an update, and every
    /// writer hears back only after its changes are committed.
    @Test(arguments: [false, true])
    func writersAreSerialised(rerunnable: Bool) async throws {
        try await withStoreDatabase { store in
            try await store.sql.raw("CREATE TABLE tally (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)").run()
            try await store.sql.raw("INSERT INTO tally (id, n) VALUES (1, 0)").run()
            let inside = NIOLockedValueBox((now: 0, most: 0))
            let writers = 40
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<writers {
                    group.addTask {
                        try await WriteTransaction.run(on: store.db, rerunnable: rerunnable) { db in
                            inside.withLockedValue { $0.now += 1; $0.most = max($0.most, $0.now) }
                            defer { inside.withLockedValue { $0.now -= 1 } }
                            let sql = try db.sql
                            let row = try await SQLRows.first("SELECT n FROM tally WHERE id = 1", on: sql)
                            let n = try #require(row).decode(column: "n", as: Int.self)
                            await Task.yield()
                            try await SQLRows.run("UPDATE tally SET n = \(bind: n + 1) WHERE id = 1", on: sql)
                        }
                        // Committed: another connection sees it.
                        let seen = try await store.sql.raw("SELECT n FROM tally WHERE id = 1").first()
                        #expect(try #require(seen).decode(column: "n", as: Int.self) >= 1)
                    }
                }
                try await group.waitForAll()
            }
            #expect(inside.withLockedValue { $0.most } == 1)
            let row = try await store.sql.raw("SELECT n FROM tally WHERE id = 1").first()
            #expect(try #require(row).decode(column: "n", as: Int.self) == writers)
        }
    }

    /// Writers that fail after writing leave nothing behind — neither their rows nor the sums they deferred — whichever
    /// group commit they shared with writers that succeed; a nested write joins its writer's transaction.
    @Test(arguments: [false, true])
    func eachWriterCommitsOrRollsBackAlone(rerunnable: Bool) async throws {
        try await withStoreDatabase { store in
            try await ProbeCounts.createTable(on: store.sql)
            try await store.sql.raw("CREATE TABLE write_probe (n INTEGER NOT NULL, step INTEGER NOT NULL)").run()
            let outcomes = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
                for n in 0..<30 {
                    group.addTask {
                        do {
                            try await WriteTransaction.run(on: store.db, rerunnable: rerunnable) { db in
                                let sql = try db.sql
                                try await SQLRows.run("INSERT INTO write_probe (n, step) VALUES (\(bind: n), 1)", on: sql)
                                try await ProbeCounts.add(1, to: "writers", on: db)
                                try await WriteTransaction.run(on: db) { inner in
                                    try await SQLRows.run("INSERT INTO write_probe (n, step) VALUES (\(bind: n), 2)", on: try inner.sql)
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
            #expect(outcomes.filter(\.value).count == 20)
            let rows = try await store.sql.raw("SELECT n FROM write_probe").all()
            let written = try rows.map { try $0.decode(column: "n", as: Int.self) }
            #expect(written.count == 40)
            #expect(Set(written) == Set((0..<30).filter { $0 % 3 != 0 }))
            #expect(try await ProbeCounts.value(of: "writers", on: store.sql) == 20)
        }
    }

    /// The deferred rows are written first, then the sums, once per transaction, kinds in their `flushOrder` whatever the
    /// order of first use (on PostgreSQL a counter row stays locked from its update to the commit), then the database's
    /// before-commit steps — and nothing is written while the writers run.
    @Test func deferredWritesFlushInOrderJustBeforeTheCommit() async throws {
        let beforeCommit: [BeforeCommitStep] = [{ db in
            // Sees what the flushers and the rows wrote, in the same transaction.
            let counts = try await ProbeCounts.value(of: "rows", on: try db.sql)
            try await SQLRows.run("INSERT INTO probe_log (what) VALUES (\(bind: "step saw \(counts)"))", on: try db.sql)
        }]
        try await withStoreDatabase(beforeCommit: beforeCommit) { store in
            try await ProbeCounts.createTable(on: store.sql)
            try await store.sql.raw("CREATE TABLE probe_log (what TEXT NOT NULL)").run()
            try await WriteTransaction.run(on: store.db) { db in
                let deferred = try #require(DeferredWrites.current)
                // Used first, flushed after `ProbeCounts`.
                deferred.update(LateProbe.self) { $0.seen.append("a") }
                try await ProbeCounts.add(2, to: "rows", on: db)
                deferred.update(LateProbe.self) { $0.seen.append("b") }
                try await ProbeCounts.add(3, to: "rows", on: db)
                var row = RowInsert(into: "probe_log")
                row.set("what", "deferred row")
                deferred.append([row, row])
                // Nothing is written yet.
                #expect(try await ProbeCounts.value(of: "rows", on: try db.sql) == 0)
                let logged = try await SQLRows.first("SELECT count(*) AS n FROM probe_log", on: try db.sql)
                #expect(try #require(logged).decode(column: "n", as: Int.self) == 0)
            }
            let log = try await store.sql.raw("SELECT what FROM probe_log ORDER BY rowid").all()
            #expect(try log.map { try $0.decode(column: "what", as: String.self) }
                    == ["deferred row", "deferred row", "late a,b saw 5", "step saw 5"])
            #expect(try await ProbeCounts.value(of: "rows", on: store.sql) == 5)
        }
    }

    /// An import-like writer with a transaction of its own: `exclusive` runs it between two group commits, and what it
    /// collects is written before its commit like any writer's.
    @Test func exclusiveWritersCollectTheirOwnDeferredWrites() async throws {
        try await withStoreDatabase { store in
            try await ProbeCounts.createTable(on: store.sql)
            try await SQLiteWriteGateMarker.gate(of: store.db).exclusive {
                try await store.db.transaction { db in
                    try await DeferredWrites.collecting(on: db) {
                        try await ProbeCounts.add(7, to: "imported", on: db)
                        // A write inside joins the transaction instead of queueing behind it.
                        try await WriteTransaction.run(on: db) { try await ProbeCounts.add(1, to: "imported", on: $0) }
                    }
                }
            }
            #expect(try await ProbeCounts.value(of: "imported", on: store.sql) == 8)
        }
    }
}

/// Counters of the test's own, kept like the application's: summed per transaction, written just before its commit.
struct ProbeCounts: DeferredWriteFlusher {
    static let flushOrder = 0
    var sums: [String: Int] = [:]

    mutating func absorb(_ other: ProbeCounts) {
        for (name, delta) in other.sums { sums[name, default: 0] += delta }
    }

    func flush(on database: any Database) async throws {
        for (name, delta) in sums.sorted(by: { $0.key < $1.key }) {
            try await Self.write(delta, to: name, on: database)
        }
    }

    static func createTable(on sql: any SQLDatabase) async throws {
        try await sql.raw("CREATE TABLE probe_counts (name TEXT PRIMARY KEY, n INTEGER NOT NULL)").run()
    }

    static func add(_ delta: Int, to name: String, on database: any Database) async throws {
        if let deferred = DeferredWrites.current {
            deferred.update(ProbeCounts.self) { $0.sums[name, default: 0] += delta }
        } else {
            try await write(delta, to: name, on: database)
        }
    }

    static func write(_ delta: Int, to name: String, on database: any Database) async throws {
        try await SQLRows.run("""
            INSERT INTO probe_counts (name, n) VALUES (\(bind: name), \(bind: delta))
            ON CONFLICT (name) DO UPDATE SET n = probe_counts.n + \(bind: delta)
            """, on: try database.sql)
    }

    static func value(of name: String, on sql: any SQLDatabase) async throws -> Int {
        let row = try await SQLRows.first("SELECT n FROM probe_counts WHERE name = \(bind: name)", on: sql)
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }
}

/// A second kind, flushed after `ProbeCounts` whatever the order of first use: it logs what it collected and the
/// count `ProbeCounts` wrote before it.
struct LateProbe: DeferredWriteFlusher {
    static let flushOrder = 1
    var seen: [String] = []

    mutating func absorb(_ other: LateProbe) { seen += other.seen }

    func flush(on database: any Database) async throws {
        let counts = try await ProbeCounts.value(of: "rows", on: try database.sql)
        let what = "late \(seen.joined(separator: ",")) saw \(counts)"
        try await SQLRows.run("INSERT INTO probe_log (what) VALUES (\(bind: what))", on: try database.sql)
    }
}
