@testable import App
import Fluent
import SQLKit
import Testing
import Vapor

@Suite(.enabled(if: !TestDatabase.isPostgres, "SQLite only"))
struct SQLiteSettingsTests {
    @Test func everyPooledConnectionRunsWithWALForeignKeysSecureDeleteAndABusyTimeout() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("clientele-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("nested/clientele.sqlite").path
        try await withTestApp(adjust: { $0.database = .sqliteFile(path: path) }) { app in
            #expect(FileManager.default.fileExists(atPath: path), "the file and its folder are created")
            for eventLoop in app.eventLoopGroup.makeIterator() {
                let sql = try #require(app.databases.database(logger: app.logger, on: eventLoop) as? any SQLDatabase)
                #expect(try await pragma("journal_mode", sql) == "wal")
                #expect(try await pragma("foreign_keys", sql) == "1")
                #expect(try await pragma("secure_delete", sql) == "1")
                #expect(try await pragma("busy_timeout", sql) == "5000")
            }
        }
    }

    /// What `SQLitePragmas.perConnection` sets, as SQLite reports it back.
    private static let configured = [
        "foreign_keys": "1", "secure_delete": "1", "busy_timeout": "5000", "synchronous": "1",
        "wal_autocheckpoint": "16000", "temp_store": "2", "cache_size": "-32768",
    ]

    @Test func importBatchesWriteThroughConnectionsWithTheApplicationsSettings() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("clientele-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("clientele.sqlite").path
        try await withTestApp(adjust: { $0.database = .sqliteFile(path: path) }) { app in
            for eventLoop in app.eventLoopGroup.makeIterator() {
                let sql = try #require(app.databases.database(logger: app.logger, on: eventLoop) as? any SQLDatabase)
                for (name, value) in Self.configured { #expect(try await pragma(name, sql) == value, "\(name)") }
            }
            // The import pool is a pool of its own on the same file; each batch transaction reads what it writes with.
            let imports = ImportDatabase.database(for: app)
            for _ in 0..<3 {
                let seen = try await ImportBatchTransaction.run(on: imports) { db in
                    var seen: [String: String] = [:]
                    for name in Self.configured.keys { seen[name] = try await pragma(name, db as! any SQLDatabase) }
                    return seen
                }
                #expect(seen == Self.configured)
            }
        }
    }

    private func pragma(_ name: String, _ sql: any SQLDatabase) async throws -> String? {
        let row = try await sql.raw("PRAGMA \(unsafeRaw: name)").first()
        guard let row, let column = row.allColumns.first else { return nil }
        if let text = try? row.decode(column: column, as: String.self) { return text }
        return (try? row.decode(column: column, as: Int.self)).map(String.init)
    }
}
