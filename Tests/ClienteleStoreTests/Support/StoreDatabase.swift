@testable import ClienteleStore
import FluentKit
import FluentSQLiteDriver
import Foundation
import Logging
import NIOPosix
import SQLKit

/// A real SQLite file in a folder of its own, opened by the storage engine alone — no application, no Vapor: the
/// database registered by `DatabaseSetup`, its connections configured by `SQLitePragmas`, as the server does at boot.
struct StoreDatabase {
    let databases: Databases
    let eventLoopGroup: any EventLoopGroup
    let logger: Logger
    let path: String

    /// The default database, on any event loop.
    var db: any Database { databases.database(logger: logger, on: eventLoopGroup.any())! }
    var sql: any SQLDatabase { db as! any SQLDatabase }
}

/// Runs `test` on a fresh SQLite file with the engine's settings, then closes everything and deletes the file.
/// `beforeCommit`: the database's before-commit steps (see `BeforeCommitMarker`).
func withStoreDatabase(beforeCommit: [BeforeCommitStep] = [],
                       _ test: (StoreDatabase) async throws -> Void) async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("clientele-store-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("store.sqlite").path
    let (logger, eventLoopGroup, threadPool, databases) = StoreRuntime.start()
    let cache = try DatabaseSetup.register(.sqliteFile(path: path), poolTimeout: 10, beforeCommit: beforeCommit,
                                           on: databases)
    let store = StoreDatabase(databases: databases, eventLoopGroup: eventLoopGroup, logger: logger, path: path)
    var failure: (any Error)?
    do {
        try await SQLitePragmas.apply(to: databases, on: eventLoopGroup, logger: logger)
        try await test(store)
    } catch {
        failure = error
    }
    // As the application shuts down: statements finalized before the connections close.
    cache?.finalizeAll()
    try await StoreRuntime.stop(databases, threadPool, eventLoopGroup)
    if let failure { throw failure }
}

/// What the store runs on, as the server sets it up: a logger, an event loop group, a started thread pool, databases.
enum StoreRuntime {
    static func start() -> (Logger, MultiThreadedEventLoopGroup, NIOThreadPool, Databases) {
        var logger = Logger(label: "clientele-store-tests")
        logger.logLevel = .warning
        let eventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let threadPool = NIOThreadPool(numberOfThreads: 2)
        threadPool.start()
        return (logger, eventLoopGroup, threadPool, Databases(threadPool: threadPool, on: eventLoopGroup))
    }

    static func stop(_ databases: Databases, _ threadPool: NIOThreadPool, _ eventLoopGroup: MultiThreadedEventLoopGroup) async throws {
        await databases.shutdownAsync()
        try await threadPool.shutdownGracefully()
        try await eventLoopGroup.shutdownGracefully()
    }
}
