import ClienteleCore
@testable import ClienteleStore
import FluentKit
import Foundation
import SQLiteNIO
import SQLKit
import Testing

/// Rows written with `RowInsert` — values converted on the writer's path, converted ahead (`prepareForSQLite`), or
/// built typed for SQLite — read back through `SQLRows` as they were written, and as SQLKit's own statements read them.
@Suite struct RowInsertTests {
    static let columns = ["id", "name", "note", "count", "amount", "active", "at", "missing"]

    struct Probe: Equatable {
        let id: UUID
        let name: String
        let note: String?
        let count: Int
        let amount: Int64
        let active: Bool
        let at: Date
        let missing: Date?

        func row() -> RowInsert {
            var row = RowInsert(into: "probes")
            row.set("id", id)
            row.set("name", name)
            row.set("note", note)
            row.set("count", count)
            row.set("amount", amount)
            row.set("active", active)
            row.set("at", at)
            row.set("missing", missing)
            return row
        }

        static func decode(_ row: any SQLRow) throws -> Probe {
            Probe(id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                  note: try row.decode(column: "note", as: String?.self), count: try row.decode(column: "count", as: Int.self),
                  amount: try row.decode(column: "amount", as: Int64.self), active: try row.decode(column: "active", as: Bool.self),
                  at: try row.decode(column: "at", as: Date.self), missing: try row.decode(column: "missing", as: Date?.self))
        }
    }

    @Test func rowsRoundTripThroughSQLRows() async throws {
        try await withStoreDatabase { store in
            try await store.sql.raw("""
                CREATE TABLE probes (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, name TEXT NOT NULL, note TEXT,
                count INTEGER NOT NULL, amount INTEGER NOT NULL, active INTEGER NOT NULL, at REAL NOT NULL, missing REAL)
                """).run()
            // Microseconds, as SQLite's REAL keeps a date.
            let at = Date(timeIntervalSince1970: 1_795_478_400.125)
            let probes = (0..<7).map { n in
                Probe(id: UUID.timeOrdered(), name: n == 0 ? "Zoë, \"q\" 'x'" : "probe \(n)", note: n % 2 == 0 ? nil : "note \(n)",
                      count: n - 3, amount: Int64(n) << 40, active: n % 3 == 0, at: at.addingTimeInterval(Double(n)), missing: nil)
            }
            // One alone, converted on the writer's path.
            try await probes[0].row().run(on: store.db)
            // Three in one statement, converted ahead.
            let ahead = try probes[1...3].map { probe in
                var row = probe.row()
                try row.prepareForSQLite()
                return row
            }
            try await RowInsert.run(ahead, on: store.db)
            // Built typed for SQLite.
            let typed = try probes[4...5].map { probe -> RowInsert in
                let generic = probe.row()
                let values: [any Encodable & Sendable] = [probe.id, probe.name, probe.note, probe.count, probe.amount,
                                                          probe.active, probe.at, probe.missing]
                return RowInsert(into: "probes", columns: generic.columns, sqliteValues: try values.map(SQLRows.sqliteData))
            }
            try await RowInsert.run(typed, on: store.db)
            #expect(typed[0].columns == Self.columns)
            // One whose statement also answers a question about the new row.
            let answer = try await probes[6].row().run(returning: "seq, (SELECT count(*) FROM probes) AS total", on: store.db)
            #expect(try #require(answer).decode(column: "seq", as: Int.self) == 7)

            let fast = try await SQLRows.all("SELECT * FROM probes ORDER BY seq", on: store.sql)
            #expect(fast.first is SQLiteFastRow)
            #expect(try fast.map(Probe.decode) == probes)
            let plain = try await store.sql.raw("SELECT * FROM probes ORDER BY seq").all()
            #expect(try plain.map(Probe.decode) == probes)
            // A row found by key, on the calling thread.
            let one = try await SQLRows.first("SELECT * FROM probes WHERE id = \(bind: probes[3].id)", on: store.sql, byKey: true)
            #expect(try Probe.decode(try #require(one)) == probes[3])
        }
    }

    /// On PostgreSQL the rows' values are bound natively: numbered parameters, one per value, NULLs included; a row
    /// holding a value of a type the cells do not cover leaves the statement to SQLKit.
    @Test func postgresStatementBindsEveryValueNatively() throws {
        let at = Date(timeIntervalSince1970: 1_795_478_400)
        let probes = (0..<2).map { n in
            Probe(id: UUID.timeOrdered(), name: "probe \(n)", note: n == 0 ? nil : "note", count: n, amount: 1 << 40,
                  active: n == 1, at: at, missing: nil)
        }
        var ahead = probes[1].row()
        try ahead.prepare(for: .postgres)
        #expect(ahead.postgresValues == [.uuid(probes[1].id), .text("probe 1"), .text("note"), .integer(1), .integer(1 << 40),
                                         .bool(true), .timestamp(at), .null])
        let query = try #require(RowInsert.postgresQuery([probes[0].row(), ahead]))
        #expect(query.sql == "INSERT INTO probes (\(Self.columns.joined(separator: ", "))) VALUES "
            + "($1, $2, $3, $4, $5, $6, $7, $8), ($9, $10, $11, $12, $13, $14, $15, $16)")
        #expect(query.binds.count == 16)

        struct Opaque: Encodable, Sendable { let value = 1 }
        var odd = probes[0].row()
        odd.set("extra", Opaque())
        #expect(RowInsert.postgresQuery([odd]) == nil)
        try odd.prepare(for: .postgres)
        #expect(odd.postgresValues == nil)
    }

    @Test func statementTextHasOneTuplePerRow() {
        #expect(RowInsert.sqliteText(table: "t", columns: ["a", "b"], rows: 2) == "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)")
    }
}
