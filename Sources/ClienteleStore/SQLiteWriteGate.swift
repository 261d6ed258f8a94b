import FluentKit
import SQLKit

/// SQLite's writers, one transaction at a time, committed in groups. SQLite allows one writer anyway; queueing
/// writers here instead of in SQLite's busy handler keeps them off the thread pool every query needs. Writers that
/// arrive while a transaction runs wait together and then share the next one, each inside its own savepoint: one
/// `BEGIN IMMEDIATE` … `COMMIT` (and one run of the before-commit steps) for the whole group, while each writer
/// succeeds or fails alone and hears back only after its changes are committed. Writers that may run twice skip the
/// savepoints (see `commitRerunnable`), and the counters every writer moves are written once per group
/// (`DeferredWrites`).
public actor SQLiteWriteGate {
    /// For a database registered without its own gate (see `SQLiteWriteGateMarker`).
    public static let shared = SQLiteWriteGate()
    /// The connection of the transaction a writer runs in, so a nested write joins it instead of queueing behind itself.
    @TaskLocal public static var current: (any Database)?
    /// Large enough to amortize a commit, small enough that a failing group costs little.
    public static let maximumGroup = 64

    private var pending: [SQLiteWrite] = []
    /// True while a group commit or an exclusive writer owns the database.
    private var draining = false
    private var exclusiveWaiters: [CheckedContinuation<Void, Never>] = []

    public init() {}

    /// Writers waiting for the next group commit, and writers with a transaction of their own waiting for their turn
    /// (`/metrics`).
    public var waiting: Int { pending.count + exclusiveWaiters.count }

    /// Runs `body` in the next group's transaction and answers once that transaction is committed.
    /// `rerunnable`: `body` may be run a second time after its first run was rolled back (it keeps no state of its
    /// own between runs — Fluent's `save` does, since it only writes fields changed since the last save).
    public func perform(on database: any Database, rerunnable: Bool = false,
                 _ body: @escaping @Sendable (any Database) async throws -> any Sendable) async throws -> any Sendable {
        try await withCheckedThrowingContinuation { continuation in
            pending.append(SQLiteWrite(database: database, rerunnable: rerunnable, body: body,
                                       finish: { continuation.resume(with: $0) }))
            guard !draining else { return }
            draining = true
            Task { await drain() }
        }
    }

    /// Runs `body` alone, between two groups: for a writer with a transaction of its own on another connection
    /// (an import batch), which must neither share a group nor race one.
    public func exclusive<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if draining {
            await withCheckedContinuation { exclusiveWaiters.append($0) }
        } else {
            draining = true
        }
        defer { handOver() }
        return try await body()
    }

    private func drain() async {
        while !pending.isEmpty, exclusiveWaiters.isEmpty {
            // Writers that may run twice commit together, the others in savepoints: a group is one kind or the other.
            let kind = pending[0].rerunnable
            let group = Array(pending.prefix(Self.maximumGroup).prefix { $0.rerunnable == kind })
            pending.removeFirst(group.count)
            await Self.commit(group)
        }
        handOver()
    }

    /// The next owner after a group or an exclusive writer: an exclusive writer first, then the queued group.
    private func handOver() {
        if !exclusiveWaiters.isEmpty {
            exclusiveWaiters.removeFirst().resume()
        } else if !pending.isEmpty {
            Task { await drain() }
        } else {
            draining = false
        }
    }

    private nonisolated static func commit(_ group: [SQLiteWrite]) async {
        if group.count > 1, group.allSatisfy(\.rerunnable) {
            await commitRerunnable(group)
            return
        }
        let outcomes: [Result<any Sendable, any Error>]
        do {
            outcomes = try await transaction(on: group[0].database) { connection, sql, counters in
                try await run(group, on: connection, sql, counters)
            }
        } catch {
            // The transaction as a whole failed: nobody's changes are there, so nobody succeeded.
            for write in group { write.finish(.failure(error)) }
            return
        }
        for (write, outcome) in zip(group, outcomes) { write.finish(outcome) }
    }

    /// Writers that may run twice share the transaction without a savepoint each (a savepoint is two more statements
    /// per writer, and makes SQLite's full-text index write its pending entries at every one). When one fails, the
    /// whole transaction is rolled back and each writer runs again alone, in order, so each still succeeds or fails
    /// on its own.
    private nonisolated static func commitRerunnable(_ group: [SQLiteWrite]) async {
        do {
            let values = try await transaction(on: group[0].database) { connection, _, _ in
                var values: [any Sendable] = []
                for write in group { values.append(try await write.body(connection)) }
                return values
            }
            for (write, value) in zip(group, values) { write.finish(.success(value)) }
        } catch {
            for write in group { await commit([write]) }
        }
    }

    /// `BEGIN IMMEDIATE` … `COMMIT` around `work`, with the counters its writers collected written just before the
    /// commit; rolled back when `work` or the commit throws.
    private nonisolated static func transaction<T: Sendable>(
        on database: any Database,
        _ work: @escaping @Sendable (any Database, any SQLDatabase, DeferredWrites) async throws -> T
    ) async throws -> T {
        try await database.withConnection { connection in
            let sql = try connection.sql
            // On the thread pool: another process (`clientele import`) may hold the write lock, and this waits for it.
            try await SQLRows.run("BEGIN IMMEDIATE", on: sql)
            // With the write lock held, the statements of the group run on this thread (`SQLRows.onCallingThread`).
            return try await SQLRows.$onCallingThread.withValue(true) { try await $current.withValue(connection) {
                do {
                    let counters = DeferredWrites()
                    let value = try await DeferredWrites.$current.withValue(counters) { try await work(connection, sql, counters) }
                    try await counters.flush(on: connection)
                    try await SQLRows.run("COMMIT", on: sql)
                    return value
                } catch {
                    try? await SQLRows.run("ROLLBACK", on: sql)
                    throw error
                }
            } }
        }
    }

    /// A lone writer runs plainly (its failure rolls the transaction back); a group's writers each in a savepoint.
    private nonisolated static func run(_ group: [SQLiteWrite], on connection: any Database, _ sql: any SQLDatabase,
                                        _ counters: DeferredWrites) async throws -> [Result<any Sendable, any Error>] {
        if group.count == 1 { return [.success(try await group[0].body(connection))] }
        var outcomes: [Result<any Sendable, any Error>] = []
        for write in group { outcomes.append(await savepoint(write, on: connection, sql, counters)) }
        return outcomes
    }

    /// One writer of a group: its changes (and its counters) are released into the transaction, or rolled back alone.
    private nonisolated static func savepoint(_ write: SQLiteWrite, on connection: any Database, _ sql: any SQLDatabase,
                                              _ counters: DeferredWrites) async -> Result<any Sendable, any Error> {
        do {
            try await SQLRows.run("SAVEPOINT writer", on: sql)
        } catch {
            return .failure(error)
        }
        let own = DeferredWrites(defersRows: false)
        do {
            let value = try await DeferredWrites.$current.withValue(own) { try await write.body(connection) }
            try await SQLRows.run("RELEASE writer", on: sql)
            counters.absorb(own)
            return .success(value)
        } catch {
            try? await SQLRows.run("ROLLBACK TO writer", on: sql)
            try? await SQLRows.run("RELEASE writer", on: sql)
            return .failure(error)
        }
    }
}
