import Vapor

/// Every query-string parameter is checked once, for every route: a name or value that is not valid UTF-8 once
/// percent-decoded is 400, one holding a control character (NUL, ESC, …) is 422, each naming the parameter — so
/// that no handler, search or database ever sees such text.
struct QueryTextMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let query = request.url.query, !query.isEmpty { try Self.check(query) }
        return try await next.respond(to: request)
    }

    static func check(_ query: String) throws {
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let rawName = parts[0].replacingOccurrences(of: "+", with: " ")
            let name = rawName.removingPercentEncoding
            let field = name.flatMap { $0.containsControlCharacter ? nil : $0 } ?? "query"
            guard let name else { throw Problem.badRequest("A query parameter's name is not valid UTF-8", field: field) }
            if name.containsControlCharacter { throw Problem.invalid(field, "must not contain control characters") }
            guard parts.count == 2 else { continue }
            guard let value = parts[1].replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
                throw Problem.badRequest("\(field) is not valid UTF-8 once percent-decoded", field: field)
            }
            if value.containsControlCharacter { throw Problem.invalid(field, "must not contain control characters") }
        }
    }
}
