import FluentKit
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// What one writing transaction writes only just before it commits: the sums its writers collect (counters they
/// move, each kind a `DeferredWriteFlusher` of the application's), and the rows it appends to logs nothing reads back
/// within the transaction (timeline entries), in one multi-row statement per run of rows of the same table; then the
/// database's before-commit steps (`BeforeCommitMarker`). A group commit of SQLite writers then updates each counter
/// row once instead of once per writer and writes its log rows together. On PostgreSQL a counter row that every write
/// updates is locked only at the very end of each transaction.
///
/// The store knows no counter: the application's flushers say what they collect and how they write it; the store
/// keeps one of each kind per transaction (made on first use), hands writers the current transaction's, merges a
/// savepoint's into its group's, and flushes them in a fixed order.
public final class DeferredWrites: Sendable {
    /// The transaction the current task writes in, when it collects its deferred writes (see `collecting`).
    @TaskLocal public static var current: DeferredWrites?

    /// Rows per statement: a timeline entry binds 10 values, SQLite takes 32,766 per statement.
    public static let rowsPerStatement = 1_000

    @usableFromInline
    let state = NIOLockedValueBox(State())

    /// False for a writer that shares a SQLite transaction with others, each in a savepoint: a later writer of the
    /// group may delete what its rows are about (a customer it deletes or erases), so they are written at once, as
    /// before that writer runs. Sums add up whatever the order, so they wait either way.
    public let defersRows: Bool

    public init(defersRows: Bool = true) {
        self.defersRows = defersRows
    }

    /// Changes this transaction's `F` (an empty one on first use) in place, under the lock: `change` only adds to the
    /// sums, it writes nothing.
    @inlinable
    public func update<F: DeferredWriteFlusher>(_ type: F.Type, _ change: (inout F) -> Void) {
        state.withLockedValue { state in change(&state.slot(F.self).value) }
    }

    /// Rows to insert before the commit, after those appended before them.
    public func append(_ rows: [RowInsert]) {
        state.withLockedValue { $0.rows.append(contentsOf: rows) }
    }

    /// Takes over the changes of a writer whose own part of the transaction succeeded (its savepoint was released).
    public func absorb(_ other: DeferredWrites) {
        let theirs = other.state.withLockedValue { state in
            defer { state = State() }
            return state
        }
        state.withLockedValue { mine in
            mine.rows.append(contentsOf: theirs.rows)
            for slot in theirs.slots {
                if let own = mine.slots.first(where: { $0.kind == slot.kind }) {
                    own.absorb(slot)
                } else {
                    // Nobody else holds it any more: it joins as it is.
                    mine.slots.append(slot)
                }
            }
        }
    }

    /// Writes what was collected and forgets it: the rows, the flushers in their order
    /// (`DeferredWriteFlusher.flushOrder`, so that two PostgreSQL transactions never lock rows in opposite orders),
    /// then the database's before-commit steps.
    public func flush(on database: any Database) async throws {
        let pending = state.withLockedValue { state in
            defer { state = State() }
            return state
        }
        var start = 0
        while start < pending.rows.count {
            let first = pending.rows[start]
            var end = start + 1
            while end < pending.rows.count, end - start < Self.rowsPerStatement,
                  pending.rows[end].table == first.table, pending.rows[end].columns == first.columns { end += 1 }
            try await RowInsert.run(Array(pending.rows[start..<end]), on: database)
            start = end
        }
        // The sums last: on PostgreSQL each locks a row that every writer of the organization updates (its counters),
        // and holds it until the commit, so nothing else the transaction writes should come between.
        for slot in pending.slots.sorted(by: { $0.flushOrder < $1.flushOrder }) {
            try await slot.flush(on: database)
        }
        for step in BeforeCommitMarker.steps(of: database) {
            try await step(database)
        }
    }

    /// Runs `body` collecting its deferred writes, then writes them on `database` (the transaction's connection).
    @inlinable
    public static func collecting<T>(on database: any Database, _ body: () async throws -> T) async throws -> T {
        let deferred = DeferredWrites()
        let value = try await $current.withValue(deferred) { try await body() }
        try await deferred.flush(on: database)
        return value
    }

    @usableFromInline
    struct State: Sendable {
        /// One per kind of flusher used in the transaction so far, in order of first use (a handful at most).
        @usableFromInline var slots: [any DeferredWriteSlot] = []
        @usableFromInline var rows: [RowInsert] = []

        @usableFromInline init() {}

        /// The transaction's `F`, made on first use.
        @inlinable
        mutating func slot<F: DeferredWriteFlusher>(_ type: F.Type) -> DeferredWriteSlotOf<F> {
            let kind = ObjectIdentifier(F.self)
            for slot in slots where slot.kind == kind { return unsafeDowncast(slot, to: DeferredWriteSlotOf<F>.self) }
            let slot = DeferredWriteSlotOf<F>()
            slots.append(slot)
            return slot
        }
    }
}

/// One kind of write a transaction collects and makes just before it commits (see `DeferredWrites`): sums of counter
/// changes, say, which every writer of a group commit adds to and which are written once per transaction. A value,
/// changed in place through `DeferredWrites.update` (under its lock).
public protocol DeferredWriteFlusher: Sendable {
    /// Nothing collected.
    init()

    /// Flushers run in ascending order of this; distinct kinds should have distinct orders, so that every transaction
    /// writes (and on PostgreSQL locks) their rows in the same order.
    static var flushOrder: Int { get }

    /// Adds what `other` collected (a writer's own savepoint, whose changes were released into the transaction).
    mutating func absorb(_ other: Self)

    /// Writes what was collected, on the transaction's connection, just before it commits. It runs once.
    func flush(on database: any Database) async throws
}

/// A flusher of some kind, held by reference so that it changes in place (no copy of its storage on every change).
@usableFromInline
protocol DeferredWriteSlot: AnyObject, Sendable {
    var kind: ObjectIdentifier { get }
    var flushOrder: Int { get }
    func absorb(_ other: any DeferredWriteSlot)
    func flush(on database: any Database) async throws
}

/// Only ever reached under the lock of the `DeferredWrites` that holds it, or after it was taken out of it.
@usableFromInline
final class DeferredWriteSlotOf<F: DeferredWriteFlusher>: DeferredWriteSlot, @unchecked Sendable {
    @usableFromInline var value = F()

    @usableFromInline init() {}

    @usableFromInline var kind: ObjectIdentifier { ObjectIdentifier(F.self) }
    @usableFromInline var flushOrder: Int { F.flushOrder }

    @usableFromInline func absorb(_ other: any DeferredWriteSlot) {
        value.absorb(unsafeDowncast(other, to: DeferredWriteSlotOf<F>.self).value)
    }

    @usableFromInline func flush(on database: any Database) async throws {
        try await value.flush(on: database)
    }
}
