import Vapor

/// `GET /metrics`: Prometheus's text format. A scraper sends `Authorization: Bearer <CLIENTELE_METRICS_TOKEN>`; a super
/// admin's API token opens it too. Anyone else: 401 without a token, 403 with one.
struct MetricsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("metrics", use: metrics)
    }

    func metrics(req: Request) async throws -> Response {
        try await Self.authorize(req)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(64 * 1024)
        req.application.metrics.registry.emit(into: &buffer)
        await MetricsSnapshot(app: req.application).emit(into: &buffer)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        headers.cacheControl = HTTPHeaders.CacheControl(noStore: true)
        return Response(status: .ok, headers: headers, body: .init(buffer: ByteBuffer(bytes: buffer)))
    }

    static func authorize(_ req: Request) async throws {
        guard let bearer = req.headers.bearerAuthorization?.token else {
            throw Problem.unauthorized("Send Authorization: Bearer <token>: the metrics token (CLIENTELE_METRICS_TOKEN) or a super admin's")
        }
        if let expected = req.application.config.metricsToken, Self.equal(bearer, expected) { return }
        let refusal = "Only the metrics token or a super admin may read /metrics"
        let (_, user) = try await TokenAuthMiddleware.staffUser(bearer, request: req, accountRefusal: refusal)
        guard user.isSuperAdmin else { throw Problem.forbidden(refusal) }
    }

    /// Compares in time that depends on the lengths only, not on where the first difference is.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<x.count { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}
