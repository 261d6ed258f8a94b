/// OpenAPI schemas of merges.
enum MergeSchemas {
    typealias S = APISchemas

    static var all: [String: JSONValue] {
        let uuid = S.string(format: "uuid")
        let person = S.object(["user_id": S.string(format: "uuid", nullable: true), "name": S.string(nullable: true)],
                              required: ["user_id", "name"])
        let counts: JSONValue = [
            "type": "object", "additionalProperties": ["type": "integer"],
            "description": .string("Rows moved to the kept record per kind: "
                + MergeRowMover.tables.map(\.kind).joined(separator: ", ")),
        ]
        let fields: JSONValue = [
            "type": "object", "additionalProperties": uuid,
            "description": .string("Field → the id of the record whose value wins (into or one of from). Fields: "
                + MergeFields.names.joined(separator: ", ")
                + ". Without a choice the kept record's value stands, or, when it holds nothing, the first non-empty one "
                + "(not for name, status, language, contact method and consent)"),
        ]
        return [
            "MergeInput": S.object([
                "into": S.string("The record kept", format: "uuid"),
                "from": ["type": "array", "items": uuid, "minItems": 1, "maxItems": .int(MergeRequest.maxSources),
                         "description": "The records merged into it and removed"],
                "fields": fields,
            ], required: ["into", "from"]),
            "CustomerMerge": S.object([
                "id": uuid, "into": uuid, "from": ["type": "array", "items": uuid], "fields": fields, "moved": counts,
                "actor": person, "created_at": S.timestamp, "undo_until": S.timestamp,
                "undone_at": S.string(format: "date-time", nullable: true),
                "undone_by": ["oneOf": [person, ["type": "null"]]],
                "can_undo": ["type": "boolean"],
                "removed": ["type": "array", "items": S.ref("Customer"),
                            "description": "The removed records as they were (GET of one merge only)"],
            ], required: ["id", "into", "from", "fields", "moved", "actor", "created_at", "undo_until", "undone_at",
                          "undone_by", "can_undo"]),
            "CustomerMergePage": S.page(of: "CustomerMerge"),
            "MergeResult": ["oneOf": [
                S.object(["merge": S.ref("CustomerMerge"), "customer": S.ref("Customer")], required: ["merge", "customer"]),
                S.ref("MergePreview"),
            ]],
            "MergePreview": S.object([
                "preview": ["type": "boolean", "const": true], "into": uuid, "from": ["type": "array", "items": uuid],
                "fields": fields, "moved": counts, "customer": S.ref("Customer"),
            ], required: ["preview", "into", "from", "fields", "moved", "customer"]),
            "MergeUndoResult": S.object([
                "merge": S.ref("CustomerMerge"), "customer": S.ref("Customer"),
                "restored": ["type": "array", "items": S.ref("Customer")],
            ], required: ["merge", "customer", "restored"]),
        ]
    }
}
