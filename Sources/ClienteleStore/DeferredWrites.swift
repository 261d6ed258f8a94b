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
/// savepoint's into its group's, and flushes them in a fixed order. On PostgreSQL, when every flusher says its
/// statements, they and the transaction's few log rows go as one statement (each a data-modifying `WITH` part):
/// a create's timeline entry, counter row and sign-up bucket were three round trips, with the counter row locked
/// across two of them.
public final class DeferredWrites: Sendable {
    /// The transaction the current task writes in, when it collects its deferred writes (see `collecting`).
    @TaskLocal public static var current: DeferredWrites?

    /// Rows per statement: a timeline entry binds 10 values, SQLite takes 32,766 per statement.
    public static let rowsPerStatement = 1_000
    /// Values a run of rows may bind to join the one deferred statement on PostgreSQL; a larger run (an import
    /// batch's timeline) is written alone, its values bound natively (`RowInsert`).
    static let composedValues = 2_000

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
        let runs = Self.runs(of: pending.rows)
        // The sums last: on PostgreSQL each locks a row that every writer of the organization updates (its counters),
        // and holds it until the commit, so nothing else the transaction writes should come between.
        let slots = pending.slots.sorted(by: { $0.flushOrder < $1.flushOrder })
        let dialect = SQLDialectKind(database)
        if dialect == .postgres, let sums = Self.statements(of: slots, for: dialect) {
            var parts: [SQLQueryString] = []
            for run in runs {
                if let part = RowInsert.statement(run, bindingAtMost: Self.composedValues) {
                    parts.append(part)
                } else {
                    try await RowInsert.run(run, on: database)
                }
            }
            try await Self.runAsOne(parts + sums, on: database)
        } else {
            for run in runs { try await RowInsert.run(run, on: database) }
            for slot in slots { try await slot.flush(on: database) }
        }
        for step in BeforeCommitMarker.steps(of: database) {
            try await step(database)
        }
    }

    /// PostgreSQL: what was collected as the parts of one statement (`runAsOne`), forgotten here; nil, with nothing
    /// forgotten, when a part cannot join one (a run of rows too large, a flusher that writes statement by statement).
    func composedStatements() -> [SQLQueryString]? {
        state.withLockedValue { state in
            guard let rows = Self.parts(of: state.rows),
                  let sums = Self.statements(of: state.slots.sorted(by: { $0.flushOrder < $1.flushOrder }), for: .postgres)
            else { return nil }
            state = State()
            return rows + sums
        }
    }

    /// The rows as parts of one statement, a part per run; nil when a run binds more than one statement may take.
    static func parts(of rows: [RowInsert]) -> [SQLQueryString]? {
        var parts: [SQLQueryString] = []
        for run in runs(of: rows) {
            guard let part = RowInsert.statement(run, bindingAtMost: composedValues) else { return nil }
            parts.append(part)
        }
        return parts
    }

    /// The flushers' statements in the given order; nil when one of them writes statement by statement.
    static func statements(of slots: [any DeferredWriteSlot], for dialect: SQLDialectKind) -> [SQLQueryString]? {
        var statements: [SQLQueryString] = []
        for slot in slots {
            guard let own = slot.statements(for: dialect) else { return nil }
            statements += own
        }
        return statements
    }

    /// The rows in runs of the same table and columns, each one statement's worth.
    static func runs(of rows: [RowInsert]) -> [[RowInsert]] {
        var runs: [[RowInsert]] = []
        var start = 0
        while start < rows.count {
            let first = rows[start]
            var end = start + 1
            while end < rows.count, end - start < Self.rowsPerStatement,
                  rows[end].table == first.table, rows[end].columns == first.columns { end += 1 }
            runs.append(Array(rows[start..<end]))
            start = end
        }
        return runs
    }

    /// PostgreSQL: the statements as one, every one but the last a data-modifying `WITH` part (`WITH w0 AS (…), w1 AS
    /// (…) last`). Each part runs once, whether or not anything reads it. PostgreSQL runs the last statement first,
    /// then the parts from the last to the first (checked: `nextval` in each part numbers them so), so every such
    /// statement locks its rows in the reverse of the flush order — the same order in every transaction, which is
    /// what keeps two of them from waiting on each other.
    static func runAsOne(_ statements: [SQLQueryString], on database: any Database) async throws {
        guard let last = statements.last else { return }
        var sql: SQLQueryString = ""
        for (index, part) in statements.dropLast().enumerated() {
            sql = sql + (index == 0 ? "WITH " : ", ") + "\(unsafeRaw: "w\(index)") AS (" + part + ")"
        }
        if statements.count > 1 { sql = sql + " " }
        try await SQLRows.run(sql + last, on: try database.sql)
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

    /// The statements that write what was collected, when they only write (nothing between them reads what an
    /// earlier one wrote): on PostgreSQL they then join the transaction's one deferred statement. Nil (the default):
    /// `flush(on:)` writes, statement by statement.
    func statements(for dialect: SQLDialectKind) -> [SQLQueryString]?

    /// Writes what was collected, on the transaction's connection, just before it commits. It runs once. The default
    /// runs `statements(for:)` one after the other.
    func flush(on database: any Database) async throws
}

extension DeferredWriteFlusher {
    public func statements(for dialect: SQLDialectKind) -> [SQLQueryString]? { nil }

    public func flush(on database: any Database) async throws {
        for statement in statements(for: SQLDialectKind(database)) ?? [] { try await SQLRows.run(statement, on: try database.sql) }
    }
}

/// A flusher of some kind, held by reference so that it changes in place (no copy of its storage on every change).
@usableFromInline
protocol DeferredWriteSlot: AnyObject, Sendable {
    var kind: ObjectIdentifier { get }
    var flushOrder: Int { get }
    func absorb(_ other: any DeferredWriteSlot)
    func statements(for dialect: SQLDialectKind) -> [SQLQueryString]?
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

    @usableFromInline func statements(for dialect: SQLDialectKind) -> [SQLQueryString]? { value.statements(for: dialect) }

    @usableFromInline func flush(on database: any Database) async throws {
        try await value.flush(on: database)
    }
}
