import Fluent
import SQLKit

/// One transaction around a batch of imported rows and the job's cursor. Unlike `WriteTransaction` it marks the
/// connection as in a transaction, so the customer service's own writes inside join it instead of queueing
/// behind it; on SQLite it takes its turn between the write gate's group commits.
enum ImportBatchTransaction {
    static func run<T: Sendable>(
        on database: any Database, _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        guard SQLDialectKind(database) == .sqlite else {
            return try await database.transaction { db in
                // A batch's commit does not wait for its log to reach the disk (it is written a moment later): the
                // job's cursor commits with the batch's rows, so a crash that loses the last batches also loses their
                // cursor, and the job applies those rows again when it resumes. Any later durable commit makes the
                // batches before it durable too (the log is written in order).
                try await (try db.sql).raw("SET LOCAL synchronous_commit TO OFF").run()
                return try await DeferredWrites.collecting(on: db) { try await body(db) }
            }
        }
        return try await SQLiteWriteGateMarker.gate(of: database).exclusive {
            try await database.withConnection { connection in
                // The import pool's connections get the same settings as the application's.
                try await SQLitePragmas.configure(try connection.sql)
                return try await connection.transaction { db in
                    // Write first, so that the write lock is taken with the snapshot (as BEGIN IMMEDIATE would): a
                    // writer outside this process's gate then makes this wait, never fail with a stale snapshot.
                    try await (try db.sql).raw("UPDATE import_jobs SET rows_done = rows_done WHERE id IS NULL").run()
                    // The write lock is held from here on: the batch's statements run on the calling thread, which is
                    // the import's own (the connection pool ran this closure in a task of its own, on an event loop).
                    return try await SQLRows.$onCallingThread.withValue(true) {
                        try await withTaskExecutorPreference(ImportExecutor.shared) {
                            try await DeferredWrites.collecting(on: db) { try await body(db) }
                        }
                    }
                }
            }
        }
    }
}
