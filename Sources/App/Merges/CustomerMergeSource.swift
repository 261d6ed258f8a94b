import Foundation
import SQLKit

/// One record a merge removed: its full snapshot and the rows that moved from it.
struct CustomerMergeSource: Sendable {
    var mergeID: UUID
    var organizationID: UUID
    var customerID: UUID
    /// Its place in the request's `from`.
    var position: Int
    /// `CustomerSnapshot` of the record; nil once the person was erased.
    var snapshot: String?
    var moves: MergeMoves

    init(mergeID: UUID, organizationID: UUID, customerID: UUID, position: Int, snapshot: String?, moves: MergeMoves) {
        self.mergeID = mergeID
        self.organizationID = organizationID
        self.customerID = customerID
        self.position = position
        self.snapshot = snapshot
        self.moves = moves
    }

    init(row: any SQLRow) throws {
        mergeID = try row.decode(column: "merge_id", as: UUID.self)
        organizationID = try row.decode(column: "organization_id", as: UUID.self)
        customerID = try row.decode(column: "customer_id", as: UUID.self)
        position = try row.decode(column: "position", as: Int.self)
        snapshot = try row.decode(column: "snapshot", as: String?.self)
        moves = try MergeMoves.decode(try row.decode(column: "moves", as: String.self))
    }

    func insertRow() throws -> RowInsert {
        var row = RowInsert(into: "customer_merge_sources")
        row.set("organization_id", organizationID)
        row.set("merge_id", mergeID)
        row.set("customer_id", customerID)
        row.set("position", position)
        row.set("snapshot", snapshot)
        row.set("moves", try moves.json())
        return row
    }
}
