/// OpenAPI schemas of possible duplicates.
enum DuplicateSchemas {
    typealias S = APISchemas

    static let reasons = ["same_name", "similar_name", "same_phone", "same_email", "similar_email", "same_address"]

    /// One entry of a create's or an update's `possible_duplicates`.
    static var possibleDuplicate: JSONValue {
        S.object([
            "id": S.string(format: "uuid"), "name": S.string(),
            "score": ["type": "integer", "minimum": 1, "maximum": 100],
            "reasons": ["type": "array", "items": S.string(enumValues: reasons)],
        ], required: ["id", "name", "score", "reasons"])
    }

    static var all: [String: JSONValue] {
        let side = S.object(["id": S.string(format: "uuid"), "name": S.string()], required: ["id", "name"])
        return [
            "PossibleDuplicate": possibleDuplicate,
            "DuplicatePair": S.object([
                "a": side, "b": side, "score": ["type": "integer", "minimum": 1, "maximum": 100],
                "reasons": ["type": "array", "items": S.string(enumValues: reasons)],
            ], required: ["a", "b", "score", "reasons"]),
            "DuplicatePairPage": S.page(of: "DuplicatePair"),
        ]
    }
}
