import Vapor

/// Refuses bodies over the configured size with 413 before anything reads them. Vapor's collector
/// enforces the same limit while streaming; this also covers declared lengths and pre-collected bodies.
/// A route may allow more by setting `userInfo["max_body_bytes"]` (imports do).
struct BodySizeLimitMiddleware: AsyncMiddleware {
    static let routeLimitKey = "max_body_bytes"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let limit = (request.route?.userInfo[Self.routeLimitKey] as? Int) ?? request.application.config.maxBodySize.value
        let declared = request.headers.first(name: .contentLength).flatMap(Int.init)
        let collected = request.body.data?.readableBytes
        if let size = declared ?? collected, size > limit {
            throw Problem(.payloadTooLarge, type: ProblemType.payloadTooLarge,
                          detail: "The request body is \(size) bytes; this endpoint accepts at most \(limit)")
        }
        return try await next.respond(to: request)
    }
}
