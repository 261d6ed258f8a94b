import Fluent
import Vapor

/// `Idempotency-Key` on POST: the same key and body from the same user within 24 hours answer the first response
/// again, without doing the work twice; the same key with another body is refused, and a request racing the first
/// one with its key gets 409 while the first is running. A handler calls `respond` after its permission check, so
/// that a stored answer is only ever replayed to the user it was made for, and only while that user may still
/// make the request.
enum IdempotentRequest {
    static let header = "Idempotency-Key"
    static let lifetime: TimeInterval = 24 * 3600

    static func respond(to request: Request, _ work: () async throws -> Response) async throws -> Response {
        guard request.method == .POST, request.headers.first(name: Self.header) != nil else { return try await work() }
        let principal = try request.principal
        return try await respond(to: request, tenant: try principal.tenant(), userID: principal.userID, work)
    }

    /// The same for a caller that is not a staff user (a customer account): its answers are kept in `tenant`, the
    /// organization the request acts in, under `userID`.
    static func respond(to request: Request, tenant: Tenant, userID: UUID, _ work: () async throws -> Response) async throws -> Response {
        guard request.method == .POST, let key = request.headers.first(name: Self.header) else {
            return try await work()
        }
        guard (1...255).contains(key.count), key.allSatisfy({ $0.isASCII && !$0.isWhitespace }), !key.containsControlCharacter else {
            throw Problem.badRequest("Idempotency-Key must be 1 to 255 visible ASCII characters", field: Self.header)
        }
        let body = try await request.body.collect(max: request.application.config.maxBodySize.value).get()
        let hash = TokenService.hash("\(request.method.rawValue) \(request.url.path)\n" + Self.canonical(body))
        let store = IdempotencyStore(database: request.database, tenant: tenant, userID: userID,
                                     lease: request.application.config.idempotencyLease)

        switch try await store.claim(key: key, requestHash: hash) {
        case let .replay(record):
            guard record.requestHash == hash else {
                throw Problem(.unprocessableEntity, type: ProblemType.idempotencyConflict,
                              detail: "This Idempotency-Key was used with a different request",
                              errors: [.init(field: Self.header, message: "was used with a different request")])
            }
            guard let status = record.status, status != IdempotencyStore.committed else {
                if record.status == IdempotencyStore.committed,
                   record.createdAt < Date().addingTimeInterval(-request.application.config.idempotencyLease) {
                    throw Problem(.conflict, type: ProblemType.idempotencyAnswerLost,
                                  detail: "The request with this Idempotency-Key was done, but its server stopped before it answered; "
                                      + "its result is in place: read it instead of sending the request again",
                                  errors: [.init(field: Self.header, message: "was done; its answer was lost")])
                }
                throw Problem.conflict("A request with this Idempotency-Key is still being processed; retry shortly",
                                       field: Self.header)
            }
            return Self.replayed(record, status: status)
        case let .claimed(record):
            do {
                let id = try record.requireID()
                let response = try await WriteTransaction.$alsoWrite.withValue({ db in
                    try await IdempotencyStore.markCommitted(id, on: db)
                }) { try await work() }
                if response.status.code < 500 {
                    try await store.complete(record, with: response)
                } else {
                    try await store.release(record)
                }
                return response
            } catch {
                try? await store.release(record)
                throw error
            }
        }
    }

    /// The same JSON with its keys in another order is the same request.
    static func canonical(_ body: ByteBuffer?) -> String {
        guard let body else { return "" }
        let data = Data(buffer: body)
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
              let sorted = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed])
        else { return String(decoding: data, as: UTF8.self) }
        return String(decoding: sorted, as: UTF8.self)
    }

    private static func replayed(_ record: IdempotencyRecord, status: Int) -> Response {
        var headers: HTTPHeaders = ["Content-Type": "application/json; charset=utf-8", "Idempotent-Replayed": "true"]
        if let location = record.location { headers.add(name: .location, value: location) }
        if let body = record.body, let version = ETag.version(inJSON: body) { headers.add(name: .eTag, value: ETag.value(version)) }
        return Response(status: HTTPResponseStatus(statusCode: status), headers: headers, body: .init(string: record.body ?? ""))
    }
}
