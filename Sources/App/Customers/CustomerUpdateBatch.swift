import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// Saves of stored customers collected instead of written, then written together: one
/// `UPDATE customers … FROM (VALUES …)` per set of changed columns, each row still written only at the version its
/// save read. An import batch on PostgreSQL collects its matched customers' saves this way (`ImportBatchApplier`):
/// one statement for the batch instead of a planned statement and a round trip per customer.
///
/// While one is `current`, `Customer.storeChanges` with an expected version adds to it and answers true. The
/// collector writes them when told (`write`): before a save of a customer it already holds, before anything else
/// writes the customer, and before the batch commits. When any row is no longer at its version (another writer got
/// there first), `write` throws `Stale`, and the whole batch is to be applied again without a collector.
final class CustomerUpdateBatch: Sendable {
    @TaskLocal static var current: CustomerUpdateBatch?

    /// A row of the statement binds its id, its version before, and each changed column: 2,000 rows of a few
    /// columns stay far below PostgreSQL's 65,535 parameters.
    static let rowsPerStatement = 2_000

    struct Stale: Error, CustomStringConvertible {
        var description: String { "a customer the import batch saves was changed meanwhile" }
    }

    private struct Save: Sendable {
        let id: UUID
        let expectedVersion: Int
        /// The columns written, in `CustomerColumns` order, with `version` and `updated_at`.
        let columns: [String]
        let values: [any Encodable & Sendable]
    }

    /// The saves in the order they came, and the customers they are of.
    private struct Held: Sendable {
        var saves: [Save] = []
        var ids: Set<UUID> = []
    }

    private let state = NIOLockedValueBox(Held())
    let organizationID: UUID

    init(organizationID: UUID) {
        self.organizationID = organizationID
    }

    /// Whether a save of `id` waits to be written.
    func holds(_ id: UUID) -> Bool {
        state.withLockedValue { $0.ids.contains(id) }
    }

    func add(id: UUID, expectedVersion: Int, columns: [(name: String, value: any Encodable & Sendable)]) {
        let save = Save(id: id, expectedVersion: expectedVersion, columns: columns.map(\.name), values: columns.map(\.value))
        state.withLockedValue {
            $0.saves.append(save)
            $0.ids.insert(id)
        }
    }

    /// Writes the collected saves and forgets them; throws `Stale` when a row was not at its expected version.
    func write(on database: any Database) async throws {
        let saves = state.withLockedValue { held in
            defer { held = Held() }
            return held.saves
        }
        var groups: [[String]: [Save]] = [:]
        var order: [[String]] = []
        for save in saves {
            if groups[save.columns] == nil { order.append(save.columns) }
            groups[save.columns, default: []].append(save)
        }
        for columns in order {
            let group = groups[columns]!
            for start in stride(from: 0, to: group.count, by: Self.rowsPerStatement) {
                let chunk = group[start..<min(start + Self.rowsPerStatement, group.count)]
                let written = try await SQLRows.all(statement(columns: columns, saves: chunk), on: try database.sql)
                guard written.count == chunk.count else { throw Stale() }
            }
        }
    }

    private func statement(columns: [String], saves: ArraySlice<Save>) -> SQLQueryString {
        // Each value cast to its column's type: a NULL alone in its VALUES column would otherwise be taken as text.
        let types = columns.map { Self.postgresType[CustomerColumns.byName[$0]?.sqlType ?? ""] }
        var sql = SQLQueryString("UPDATE customers AS c SET ")
        for (index, column) in columns.enumerated() {
            sql = sql + (index == 0 ? "" : ", ") + "\(ident: column) = v.\(ident: column)"
        }
        sql = sql + " FROM (VALUES "
        for (row, save) in saves.enumerated() {
            sql = sql + (row == 0 ? "" : ", ") + "(CAST(\(bind: save.id) AS uuid), CAST(\(bind: save.expectedVersion) AS bigint)"
            for (value, type) in zip(save.values, types) {
                sql = sql + (type.map { ", CAST(\(bind: value) AS \(unsafeRaw: $0))" } ?? ", \(bind: value)")
            }
            sql = sql + ")"
        }
        sql = sql + ") AS v(id, expected_version"
        for column in columns { sql = sql + ", \(ident: column)" }
        return sql + ") WHERE c.organization_id = \(bind: organizationID) AND c.id = v.id AND c.version = v.expected_version RETURNING c.id"
    }

    /// PostgreSQL's names of the types the migrations give customers' columns (`CustomerColumn.sqlType`).
    private static let postgresType = [
        "string": "text", "int": "bigint", "int64": "bigint", "bool": "boolean", "datetime": "timestamptz",
        "timestamp": "timestamptz", "uuid": "uuid",
    ]
}
