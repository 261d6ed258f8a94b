import Vapor

extension Request {
    /// Decodes a JSON body; an empty or non-JSON body is a clear 400/415 rather than a decoder's guess.
    func decodeJSON<T: Decodable>(_ type: T.Type) throws -> T {
        if let contentType = headers.contentType, contentType != .json,
           !(contentType.type == "application" && contentType.subType.hasSuffix("+json")) {
            throw Problem(.unsupportedMediaType, type: ProblemType.badRequest, detail: "Send the body as application/json")
        }
        guard let body = body.data, body.readableBytes > 0 else {
            throw Problem(.badRequest, type: ProblemType.malformedJSON, title: "Malformed JSON",
                          detail: "The request body is empty; send a JSON object")
        }
        return try JSONDecoder.api.decode(T.self, from: body)
    }
}
