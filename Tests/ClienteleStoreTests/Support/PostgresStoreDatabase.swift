@testable import ClienteleStore
import FluentKit
import Foundation
import Logging
import NIOPosix
import SQLKit

/// The PostgreSQL server the suite runs on (`TEST_DATABASE_URL`), or nil: the tests that need one are then skipped.
enum TestPostgres {
    static var url: String? {
        ProcessInfo.processInfo.environment["TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// Runs `test` with the store alone on a fresh schema of the `TEST_DATABASE_URL` server (first on the search path,
/// nothing migrated), then drops the schema.
func withPostgresStoreDatabase(_ test: (StoreDatabase) async throws -> Void) async throws {
    guard let url = TestPostgres.url else { return }
    let schema = "s_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
    let (logger, eventLoopGroup, threadPool, databases) = StoreRuntime.start()
    try DatabaseSetup.register(.postgres(url: url, searchPath: String(schema)), poolTimeout: 30, on: databases)
    let store = StoreDatabase(databases: databases, eventLoopGroup: eventLoopGroup, logger: logger, path: "")
    var failure: (any Error)?
    do {
        try await store.sql.raw("CREATE SCHEMA \(ident: String(schema))").run()
        // Extensions are per database; the application's tests may be creating it at the same moment.
        for attempt in 1...3 {
            do {
                try await store.sql.raw("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public").run()
                break
            } catch {
                if attempt == 3 { throw error }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        try await test(store)
    } catch {
        failure = error
    }
    try? await store.sql.raw("DROP SCHEMA IF EXISTS \(ident: String(schema)) CASCADE").run()
    try await StoreRuntime.stop(databases, threadPool, eventLoopGroup)
    // PostgresNIO's errors describe themselves only when reflected: the test's failure then says what went wrong.
    if let failure { throw ReflectedError(description: String(reflecting: failure)) }
}

struct ReflectedError: Error, CustomStringConvertible {
    let description: String
}
