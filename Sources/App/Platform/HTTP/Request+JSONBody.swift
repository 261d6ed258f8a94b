import Vapor

extension Request {
    /// Decodes a JSON body; an empty or non-JSON body is a clear 400/415 rather than a decoder's guess, and a string
    /// holding a control character (NUL, ESC, …; tab and line breaks are text) is 422 naming where it is.
    func decodeJSON<T: Decodable>(_ type: T.Type) throws -> T {
        if let contentType = headers.contentType, contentType != .json,
           !(contentType.type == "application" && contentType.subType.hasSuffix("+json")) {
            throw Problem(.unsupportedMediaType, type: ProblemType.badRequest, detail: "Send the body as application/json")
        }
        guard let body = body.data, body.readableBytes > 0 else {
            throw Problem(.badRequest, type: ProblemType.malformedJSON, title: "Malformed JSON",
                          detail: "The request body is empty; send a JSON object")
        }
        try JSONControlCharacters.check(body)
        return try JSONDecoder.api.decode(T.self, from: body)
    }
}

/// Control characters in JSON text arrive escaped (`\u0000`): only a body with a `\u` escape is parsed a second time
/// to find the string that holds one.
enum JSONControlCharacters {
    static func check(_ body: ByteBuffer) throws {
        let hasEscape = body.withUnsafeReadableBytes { bytes -> Bool in
            guard bytes.count > 1 else { return false }
            for index in 0..<(bytes.count - 1) where bytes[index] == UInt8(ascii: "\\") && bytes[index + 1] == UInt8(ascii: "u") {
                return true
            }
            return false
        }
        guard hasEscape,
              let object = try? JSONSerialization.jsonObject(with: Data(buffer: body), options: [.fragmentsAllowed]),
              let path = firstControlCharacter(in: object, path: "")
        else { return }
        throw Problem.invalid(path.isEmpty ? "body" : path, "must not contain control characters")
    }

    /// The path (`name`, `custom_fields.key`, `tags[3]`) of the first string, key or value, holding a control character.
    static func firstControlCharacter(in value: Any, path: String) -> String? {
        switch value {
        case let string as String:
            return string.containsControlCharacter ? path : nil
        case let array as [Any]:
            for (index, element) in array.enumerated() {
                if let found = firstControlCharacter(in: element, path: "\(path)[\(index)]") { return found }
            }
        case let object as [String: Any]:
            for key in object.keys.sorted() {
                let child = path.isEmpty ? key : path + "." + key
                // A key is named by the object that holds it: the key itself is the text refused.
                if key.containsControlCharacter { return path }
                if let found = firstControlCharacter(in: object[key]!, path: child) { return found }
            }
        default:
            break
        }
        return nil
    }
}
