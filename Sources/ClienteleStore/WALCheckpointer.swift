import Foundation
import FluentKit
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteNIO

/// Copies the write-ahead log back into the SQLite file from a connection of its own, five times a second, so that no
/// request's commit pays for it: SQLite's automatic checkpoint runs inside whichever commit crosses the threshold,
/// and its fsyncs (10–30 ms here) stall that writer and every writer queued behind it. Passive checkpoints never
/// block writers or readers. The automatic checkpoint stays on with a higher threshold as a backstop.
/// The checkpoint runs on a thread of its own: its fsyncs (up to 40 ms) would otherwise hold one of the
/// application pool's few threads, and every query of every request would queue behind them.
/// The application starts it once it has booted and stops it at shutdown (its lifecycle handler does).
public final class WALCheckpointer: @unchecked Sendable {
    public static let interval: Duration = .milliseconds(200)
    private let path: String
    private var task: Task<Void, Never>?
    private let thread = NIOThreadPool(numberOfThreads: 1)

    public init(path: String) { self.path = path }

    /// Starts checkpointing in the background, on a connection of its own opened on one of `eventLoopGroup`'s loops.
    public func start(on eventLoopGroup: any EventLoopGroup, logger: Logger) {
        let path = self.path
        let threadPool = thread
        threadPool.start()
        let eventLoop = eventLoopGroup.any()
        task = Task {
            guard let connection = try? await SQLiteConnection.open(storage: .file(path: path), threadPool: threadPool,
                                                                     logger: logger, on: eventLoop).get()
            else { return logger.warning("WAL checkpointer: could not open \(path)") }
            _ = try? await connection.query("PRAGMA busy_timeout = 5000").get()
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.interval)
                do {
                    _ = try await connection.query("PRAGMA wal_checkpoint(PASSIVE)").get()
                } catch {
                    logger.warning("WAL checkpoint failed", metadata: ["error": "\(error)"])
                }
            }
            try? await connection.close().get()
        }
    }

    /// Copies the whole log back and truncates it to zero bytes, so that no page an erasure removed stays readable in
    /// the `-wal` file. Readers holding an old snapshot make it answer busy: it tries again for up to a few seconds.
    public static func truncate(_ database: any Database) async throws {
        guard SQLDialectKind(database) == .sqlite, let sql = database as? any SQLDatabase else { return }
        for attempt in 0..<20 {
            let row = try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").first()
            if (try? row?.decode(column: "busy", as: Int.self)) ?? 0 == 0 { return }
            try await Task.sleep(for: .milliseconds(50 * (attempt + 1)))
        }
    }

    /// Stops checkpointing, closes its connection and its thread.
    public func stop() async {
        task?.cancel()
        await task?.value
        try? await thread.shutdownGracefully()
    }
}
