import ClienteleCore
@testable import ClienteleStore
import FluentKit
import Foundation
import SQLKit
import Testing

@Suite struct SQLiteFastRowTests {
    /// Every type records are made of decodes to the same value as through SQLKit's own row, nulls and the values
    /// that take the general decoder (a stored form the direct path does not read, a type it does not know) too.
    @Test func decodesWhatSQLKitDecodes() async throws {
        try await withStoreDatabase { store in
            let sql = store.sql
            #expect(SQLDialectKind(store.db) == .sqlite)
            try await sql.raw("CREATE TABLE fast_probe (s TEXT, n INTEGER, r REAL, b INTEGER, u TEXT, j TEXT)").run()
            let id = UUID.timeOrdered()
            let when = Date(timeIntervalSince1970: 1_795_478_400.123456789)
            try await sql.raw("INSERT INTO fast_probe VALUES (\(bind: "Zoë, \"q\""), \(bind: 42), \(bind: when), \(bind: true), \(bind: id), \(bind: "[1,2]"))").run()
            try await sql.raw("INSERT INTO fast_probe VALUES (NULL, NULL, NULL, NULL, NULL, NULL)").run()
            try await sql.raw("INSERT INTO fast_probe VALUES ('7', 3, 2, 0, 'not-a-uuid', '[]')").run()
            let query: SQLQueryString = "SELECT * FROM fast_probe ORDER BY rowid"
            let fast = try await SQLRows.all(query, on: sql)
            let plain = try await sql.raw(query).all()
            #expect(fast.count == 3)
            #expect(fast.first is SQLiteFastRow)
            for (a, b) in zip(fast, plain) {
                #expect(try a.decode(column: "s", as: String?.self) == b.decode(column: "s", as: String?.self))
                #expect(try a.decode(column: "n", as: Int?.self) == b.decode(column: "n", as: Int?.self))
                #expect(try a.decode(column: "n", as: Int64?.self) == b.decode(column: "n", as: Int64?.self))
                #expect(try a.decode(column: "r", as: Date?.self) == b.decode(column: "r", as: Date?.self))
                #expect(try a.decode(column: "r", as: Double?.self) == b.decode(column: "r", as: Double?.self))
                #expect(try a.decode(column: "b", as: Bool?.self) == b.decode(column: "b", as: Bool?.self))
                #expect(try a.decode(column: "j", as: [Int]?.self) == b.decode(column: "j", as: [Int]?.self))
                #expect(try a.decodeNil(column: "s") == b.decodeNil(column: "s"))
                #expect(a.contains(column: "u") && !a.contains(column: "nope"))
            }
            #expect(try fast[0].decode(column: "u", as: UUID.self) == id)
            #expect(try fast[0].decode(column: "s", as: String.self) == "Zoë, \"q\"")
            #expect(try fast[0].decode(column: "r", as: Date.self) == plain[0].decode(column: "r", as: Date.self))
            #expect(try fast[1].decode(column: "u", as: UUID?.self) == nil)
            #expect(try fast[2].decode(column: "n", as: String.self) == plain[2].decode(column: "n", as: String.self))
            #expect(throws: (any Error).self) { try fast[2].decode(column: "u", as: UUID.self) }
            #expect(throws: (any Error).self) { try fast[1].decode(column: "n", as: Int.self) }
            #expect(throws: (any Error).self) { try fast[0].decode(column: "missing", as: Int.self) }
            try await sql.raw("DROP TABLE fast_probe").run()
        }
    }

    /// Binds take the same stored form as through SQLiteKit's encoder, whichever path converts them.
    @Test func bindsAreStoredAsSQLiteKitStoresThem() throws {
        let id = UUID.timeOrdered()
        let when = Date(timeIntervalSince1970: 1_795_478_400.25)
        let values: [any Encodable & Sendable] = [
            "Zoë", String?.none, String?.some("x"), 42, Int?.none, Int?.some(-7), true, false, Bool?.none, Bool?.some(true),
            id, UUID?.none, UUID?.some(id), when, Date?.none, Date?.some(when), Int64(1) << 40, Int64?.none, 2.5,
            Double?.some(1.5), [1, 2], ["a": "b"],
        ]
        for value in values {
            #expect(try SQLRows.sqliteData(value) == SQLRows.encoder.encode(value), "\(value)")
        }
    }

    @Test func writesUUIDsAsFoundationDoes() {
        var ids = (0..<200).map { _ in UUID.timeOrdered() } + (0..<200).map { _ in UUID() }
        ids.append(UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
        ids.append(UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255)))
        for id in ids { #expect(id.hexString == id.uuidString) }
    }

    @Test func parsesUUIDsAsFoundationDoes() {
        for _ in 0..<200 {
            let id = UUID.timeOrdered()
            #expect(UUID(hexString: id.uuidString) == id)
            #expect(UUID(hexString: id.uuidString.lowercased()) == id)
        }
        for bad in ["", "B1F64D91AA4E47CFB55A8008694D3874", "B1F64D91-AA4E-47CF-B55A-8008694D387", "G1F64D91-AA4E-47CF-B55A-8008694D3874",
                    "B1F64D91-AA4E-47CF-B55A8-008694D3874", "B1F64D91-AA4E-47CF-B55A-8008694D38740"] {
            #expect(UUID(hexString: bad) == nil)
            #expect(UUID(uuidString: bad) == nil)
        }
    }
}
