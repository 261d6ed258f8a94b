import Vapor

/// Maps a JSON decoding failure to a problem naming the field: broken JSON is 400, a wrong value 422.
enum DecodingProblem {
    static func problem(for error: DecodingError) -> Problem {
        switch error {
        case let .keyNotFound(key, context):
            return .invalid(path(context.codingPath + [key]), "is required")
        case let .valueNotFound(_, context):
            return .invalid(path(context.codingPath), "must not be null")
        case let .typeMismatch(type, context):
            if context.codingPath.isEmpty {
                return Problem(.badRequest, type: ProblemType.malformedJSON, title: "Malformed JSON",
                               detail: "The request body must be a JSON object")
            }
            return .invalid(path(context.codingPath), "must be \(describe(type))")
        case let .dataCorrupted(context):
            if context.codingPath.isEmpty {
                return Problem(.badRequest, type: ProblemType.malformedJSON, title: "Malformed JSON",
                               detail: "The request body is not valid JSON")
            }
            return .invalid(path(context.codingPath), context.debugDescription)
        @unknown default:
            return Problem(.badRequest, type: ProblemType.malformedJSON, title: "Malformed JSON",
                           detail: "The request body could not be read")
        }
    }

    /// `a.b[3].c`, matching the field names clients send.
    static func path(_ keys: [any CodingKey]) -> String {
        var out = ""
        for key in keys {
            if let index = key.intValue {
                out += "[\(index)]"
            } else {
                out += out.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return out.isEmpty ? "body" : out
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "a boolean"
        case is Int.Type, is Int64.Type, is Int32.Type: return "an integer"
        case is Double.Type, is Float.Type, is Decimal.Type: return "a number"
        case is Array<Any>.Type: return "an array"
        case is Dictionary<String, Any>.Type: return "an object"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "a valid \(name.lowercased())"
        }
    }
}
