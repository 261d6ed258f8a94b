/// Component schemas of saved segments.
enum SegmentSchemas {
    typealias S = APISchemas

    static var all: [String: JSONValue] {
        let filters: JSONValue = [
            "type": "object",
            "description": .string("The customer list's filters by name, values as the query string carries them: "
                + CustomerListParameters.filterNames.joined(separator: ", ")),
            "additionalProperties": ["type": ["string", "number", "boolean"]],
        ]
        return [
            "Segment": S.object([
                "id": S.string(format: "uuid"), "name": S.string(), "filters": filters,
                "count": ["type": "integer", "description": "How many customers the filters match now"],
                "created_at": S.timestamp, "updated_at": S.timestamp,
            ], required: ["id", "name", "filters", "count", "created_at", "updated_at"]),
            "SegmentPage": S.page(of: "Segment"),
            "SegmentInput": S.object(["name": S.string(maxLength: 100), "filters": filters],
                                     description: "A create needs a name; a change's filters replace the whole set"),
        ]
    }
}
