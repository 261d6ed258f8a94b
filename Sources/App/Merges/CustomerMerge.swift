import Foundation
import SQLKit

/// One merge: who merged which records into which, when, the kept record's values before, and what moved. Its removed
/// records' snapshots and moves are `CustomerMergeSource`s.
struct CustomerMerge: Sendable {
    /// How long a merge can be undone.
    static let undoWindow: TimeInterval = 30 * 24 * 3600

    var id: UUID
    var organizationID: UUID
    var intoID: UUID
    var fromIDs: [UUID]
    /// Field → the record whose value the kept record took (the choices, and what filled an empty field).
    var fields: [String: UUID]
    var changedColumns: [String]
    /// The kept record before the merge (`CustomerSnapshot`); nil once a person in the merge was erased.
    var keptBefore: String?
    var moved: [String: Int]
    var actorUserID: UUID?
    var actorName: String?
    var createdAt: Date
    var undoneAt: Date?
    var undoneByID: UUID?
    var undoneByName: String?
    var erasedAt: Date?

    var undoUntil: Date { createdAt.addingTimeInterval(Self.undoWindow) }

    func insertRow() throws -> RowInsert {
        var row = RowInsert(into: "customer_merges")
        row.set("organization_id", organizationID)
        row.set("id", id)
        row.set("into_id", intoID)
        row.set("from_ids", try Self.text(fromIDs.map(\.canonicalString)))
        row.set("fields", try Self.text(fields.mapValues(\.canonicalString)))
        row.set("changed_columns", try Self.text(changedColumns))
        row.set("kept_before", keptBefore)
        row.set("moved", try Self.text(moved))
        row.set("actor_user_id", actorUserID)
        row.set("actor_name", actorName)
        row.set("created_at", createdAt)
        return row
    }

    init(id: UUID, organizationID: UUID, intoID: UUID, fromIDs: [UUID], fields: [String: UUID], changedColumns: [String],
         keptBefore: String?, moved: [String: Int], actor: Actor, createdAt: Date) {
        self.id = id
        self.organizationID = organizationID
        self.intoID = intoID
        self.fromIDs = fromIDs
        self.fields = fields
        self.changedColumns = changedColumns
        self.keptBefore = keptBefore
        self.moved = moved
        actorUserID = actor.userID
        actorName = actor.name
        self.createdAt = createdAt
    }

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: UUID.self)
        organizationID = try row.decode(column: "organization_id", as: UUID.self)
        intoID = try row.decode(column: "into_id", as: UUID.self)
        fromIDs = try Self.value([String].self, row, "from_ids").compactMap(UUID.init(uuidString:))
        fields = try Self.value([String: String].self, row, "fields").compactMapValues(UUID.init(uuidString:))
        changedColumns = try Self.value([String].self, row, "changed_columns")
        keptBefore = try row.decode(column: "kept_before", as: String?.self)
        moved = try Self.value([String: Int].self, row, "moved")
        actorUserID = try row.decode(column: "actor_user_id", as: UUID?.self)
        actorName = try row.decode(column: "actor_name", as: String?.self)
        createdAt = try row.decode(column: "created_at", as: Date.self)
        undoneAt = try row.decode(column: "undone_at", as: Date?.self)
        undoneByID = try row.decode(column: "undone_by_id", as: UUID?.self)
        undoneByName = try row.decode(column: "undone_by_name", as: String?.self)
        erasedAt = try row.decode(column: "erased_at", as: Date?.self)
    }

    private static func text<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try JSONEncoder.api.encode(value), as: UTF8.self)
    }

    private static func value<T: Decodable>(_ type: T.Type, _ row: any SQLRow, _ column: String) throws -> T {
        try JSONDecoder.api.decode(T.self, from: Data(try row.decode(column: column, as: String.self).utf8))
    }
}
