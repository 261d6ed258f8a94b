import Foundation
import Vapor

/// A merge as the API shows it (`CustomerMerge` in the OpenAPI document).
struct CustomerMergePublic: Content {
    /// Who merged or undid.
    struct Person: Content {
        @NullEncoded var userID: UUID?
        @NullEncoded var name: String?

        enum CodingKeys: String, CodingKey {
            case userID = "user_id"
            case name
        }
    }

    let id: UUID
    let into: UUID
    let from: [UUID]
    /// Field → the id of the record whose value the kept record took.
    let fields: [String: String]
    /// What moved to the kept record, per kind.
    let moved: [String: Int]
    let actor: Person
    let createdAt: Date
    let undoUntil: Date
    @NullEncoded var undoneAt: Date?
    @NullEncoded var undoneBy: Person?
    /// Whether `POST …/undo` would undo it now.
    let canUndo: Bool
    /// The removed records as they were (only on `GET /customers/merges/{id}`; none once a person was erased).
    var removed: [Customer.Public]?

    enum CodingKeys: String, CodingKey {
        case id, into, from, fields, moved, actor, removed
        case createdAt = "created_at"
        case undoUntil = "undo_until"
        case undoneAt = "undone_at"
        case undoneBy = "undone_by"
        case canUndo = "can_undo"
    }

    init(_ merge: CustomerMerge, now: Date = Date(), removed: [Customer.Public]? = nil) {
        id = merge.id
        into = merge.intoID
        from = merge.fromIDs
        fields = merge.fields.mapValues(\.canonicalString)
        moved = merge.moved
        actor = Person(userID: merge.actorUserID, name: merge.actorName)
        createdAt = merge.createdAt
        undoUntil = merge.undoUntil
        undoneAt = merge.undoneAt
        undoneBy = merge.undoneAt == nil ? nil : Person(userID: merge.undoneByID, name: merge.undoneByName)
        canUndo = merge.undoneAt == nil && merge.erasedAt == nil && merge.keptBefore != nil && now <= merge.undoUntil
        self.removed = removed
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(into, forKey: .into)
        try container.encode(from, forKey: .from)
        try container.encode(fields, forKey: .fields)
        try container.encode(moved, forKey: .moved)
        try container.encode(actor, forKey: .actor)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(undoUntil, forKey: .undoUntil)
        try container.encode(_undoneAt, forKey: .undoneAt)
        try container.encode(_undoneBy, forKey: .undoneBy)
        try container.encode(canUndo, forKey: .canUndo)
        try container.encodeIfPresent(removed, forKey: .removed)
    }
}
