@testable import App
import ClienteleStore
import Foundation
import SQLKit
import Testing
import Vapor

/// On PostgreSQL `SQLRows` answers `PostgresFastRow`s, which read natively decodable values straight from their cells
/// and leave the rest to PostgresKit's row. Every value must come out as PostgresKit's row gives it, or fail as it
/// fails.
@Suite struct PostgresFastRowTests {
    struct Payload: Codable, Equatable { let a: Int }

    @Test func everyValueDecodesAsPostgresKitDecodesIt() async throws {
        try await withTestApp { app in
            guard TestDatabase.isPostgres else { return }
            let id = UUID()
            let when = Date(timeIntervalSince1970: 1_780_000_000.25)
            let rows = try await SQLRows.all("""
                SELECT CAST(\(bind: "text") AS TEXT) AS t, CAST(42 AS BIGINT) AS i8, CAST(7 AS INTEGER) AS i4,
                CAST(3 AS SMALLINT) AS i2, true AS b, CAST(\(bind: id) AS UUID) AS u, CAST(\(bind: when) AS TIMESTAMPTZ) AS tz,
                CAST(\(bind: when) AS TIMESTAMP) AS ts, CAST(NULL AS TEXT) AS n, CAST(1.5 AS NUMERIC) AS num,
                CAST('{"a":1}' AS JSONB) AS js, CAST(2.25 AS DOUBLE PRECISION) AS f8, CAST(\(bind: Optional<String>.none) AS TEXT) AS bound_null,
                CAST(\(bind: [Int64(1), 2]) AS BIGINT[]) AS arr
                """, on: try app.db.sql)
            let row = try #require(rows.first as? PostgresFastRow, "SQLRows answers PostgresFastRow on PostgreSQL")
            let kit = row.row.sql()
            func same<T: Decodable & Equatable>(_ column: String, _ type: T.Type, _ expected: T) throws {
                #expect(try row.decode(column: column, as: T.self) == expected, "\(column) as \(T.self)")
                #expect(try kit.decode(column: column, as: T.self) == expected, "\(column) as \(T.self), PostgresKit")
            }
            try same("t", String.self, "text")
            try same("t", String?.self, "text")
            try same("i8", Int.self, 42)
            try same("i8", Int64.self, 42)
            try same("i4", Int.self, 7)
            try same("i2", Int.self, 3)
            try same("b", Bool.self, true)
            try same("u", UUID.self, id)
            try same("tz", Date.self, when)
            try same("ts", Date.self, when)
            try same("n", String?.self, nil)
            try same("bound_null", String?.self, nil)
            try same("num", Decimal.self, Decimal(string: "1.5")!)
            try same("num", Double.self, 1.5)
            try same("f8", Double.self, 2.25)
            try same("js", Payload.self, Payload(a: 1))
            try same("arr", [Int64].self, [1, 2])
            #expect(try row.decodeNil(column: "n") && row.decodeNil(column: "missing") && !row.decodeNil(column: "t"))
            #expect(row.contains(column: "u") && !row.contains(column: "missing"))
            #expect(row.allColumns.count == 14)
            // What PostgresKit cannot decode, the fast row cannot either.
            #expect(throws: (any Error).self) { try row.decode(column: "t", as: Int.self) }
            #expect(throws: (any Error).self) { try kit.decode(column: "t", as: Int.self) }
            #expect(throws: (any Error).self) { try row.decode(column: "missing", as: String.self) }
        }
    }
}
