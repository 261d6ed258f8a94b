@testable import ClienteleStore
import FluentSQLiteDriver
import Foundation
import NIOPosix
import SQLiteNIO
import Testing

/// The statement cache reaches each SQLite connection's handle through public API only (`SQLiteConnectionHandles`):
/// no reflection into SQLiteNIO's private state, which a release could rename without a compile error.
@Suite struct SQLiteConnectionHandleTests {
    @Test func eachConnectionTellsItsOwnHandle() async throws {
        try await withStoreDatabase { store in
            let sqlite = try #require(store.db as? any SQLiteDatabase)
            try await sqlite.withConnection { SQLiteConnectionHandles.selfCheck($0) }.get()
            let first = try await sqlite.withConnection { SQLiteConnectionHandles.resolve($0) }.get()
            let again = try await sqlite.withConnection { SQLiteConnectionHandles.resolve($0) }.get()
            #expect(first == again)
            // A connection opened apart has a handle of its own.
            let threadPool = NIOThreadPool(numberOfThreads: 1)
            threadPool.start()
            let other = try await SQLiteConnection.open(storage: .memory, threadPool: threadPool, logger: store.logger,
                                                        on: store.eventLoopGroup.any()).get()
            let otherHandle = try await SQLiteConnectionHandles.resolve(other).get()
            #expect(otherHandle != first)
            try await other.close().get()
            #expect(SQLiteConnectionHandles.handle(of: other) == nil)
            try await threadPool.shutdownGracefully()
        }
    }

    @Test func noSourceReflectsIntoADependency() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        let swift = files.filter { $0.pathExtension == "swift" }
        #expect(!swift.isEmpty)
        for file in swift {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(!text.contains("Mirror(reflecting"), "\(file.lastPathComponent) reflects into another type's private state")
        }
    }
}
