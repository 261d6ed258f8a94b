import Vapor

/// One structured line per request (method, path, status, duration, request id) and an `X-Request-Id`
/// on every response. Logs the path only: query strings may carry search terms with personal data.
struct RequestLogMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let requestID = Self.acceptedID(request.headers.first(name: "X-Request-Id")) ?? UUID.timeOrdered().canonicalString
        request.requestID = requestID
        request.logger[metadataKey: "request-id"] = .string(requestID)
        let started = ContinuousClock.now
        let metrics = request.application.metrics
        metrics.inFlight.increment()
        defer { metrics.inFlight.decrement() }
        let response: Response
        do {
            // The id also reaches PostgreSQL (`RequestTrace`): a slow query there leads back to this line.
            response = try await RequestTrace.$id.withValue(requestID) { try await next.respond(to: request) }
        } catch {
            // ProblemMiddleware sits inside this one, so only a failure to build a response lands here.
            response = ProblemMiddleware.response(
                for: Problem(.internalServerError, type: ProblemType.internalError, detail: "An unexpected error occurred"),
                request: request)
        }
        response.headers.replaceOrAdd(name: "X-Request-Id", value: requestID)
        let elapsed = ContinuousClock.now - started
        metrics.record(method: request.method, route: request.route, status: response.status, duration: elapsed)
        request.logger.info("request", metadata: [
            "method": .string(request.method.rawValue),
            "path": .string(request.url.path),
            "route": .string(ClienteleMetrics.pattern(of: request.route)),
            "status": .stringConvertible(response.status.code),
            "duration_ms": .stringConvertible((elapsed.milliseconds * 100).rounded() / 100),
        ])
        return response
    }

    /// A caller's id is kept when it is short and plain; anything else is replaced.
    static func acceptedID(_ raw: String?) -> String? {
        guard let raw, RequestTrace.isPlain(raw) else { return nil }
        return raw
    }
}

extension Request {
    private struct RequestIDKey: StorageKey { typealias Value = String }

    var requestID: String? {
        get { storage[RequestIDKey.self] }
        set { storage[RequestIDKey.self] = newValue }
    }
}
