import AsyncKit
import Fluent
import Vapor

/// Turns every error into an `application/problem+json` response; replaces Vapor's ErrorMiddleware.
struct ProblemMiddleware: AsyncMiddleware {
    let methodIndex: MethodIndex

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch is RouteNotFound where Self.wantsPage(request) {
            // A person's browser on a dashboard address that does not exist: a page, not JSON.
            let page = ErrorPage.page(status: .notFound, message: "This page does not exist, or you cannot see it.")
            return Layout.response(page, context: nil, status: .notFound)
        } catch {
            let problem = problem(for: error, request: request)
            return Self.response(for: problem, request: request)
        }
    }

    /// A GET outside the API from something that reads HTML (a browser sends `Accept: text/html`).
    static func wantsPage(_ request: Request) -> Bool {
        request.method == .GET && !request.url.path.hasPrefix("/api/")
            && request.headers[.accept].contains { $0.contains("text/html") }
    }

    private func problem(for error: any Error, request: Request) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let missing as TenantRecordNotFound:
            // The store's answer for a record missing in the organization, or another organization's: the same 404.
            return Problem.notFound(missing)
        case is RouteNotFound:
            let allowed = methodIndex.allowedMethods(forPath: request.url.path)
            guard !allowed.isEmpty else {
                return Problem(.notFound, type: ProblemType.notFound, detail: "No such path: \(request.url.path)")
            }
            let allow = allowed.map(\.rawValue).joined(separator: ", ")
            return Problem(.methodNotAllowed, type: ProblemType.methodNotAllowed,
                           detail: "\(request.method.rawValue) is not allowed here; allowed: \(allow)",
                           headers: ["Allow": allow])
        case let decoding as DecodingError:
            return DecodingProblem.problem(for: decoding)
        case let db as any DatabaseError where db.isConstraintFailure:
            return Problem.conflict("The request conflicts with an existing record")
        case let abort as any AbortError:
            return problem(for: abort)
        case is ConnectionPoolTimeoutError:
            // Every database connection stayed busy for the pool's whole timeout: overload, not a bug.
            request.logger.warning("database connection pool exhausted")
            request.application.metrics.poolTimeouts.increment()
            return Problem(.serviceUnavailable, type: ProblemType.unavailable,
                           detail: "The server is too busy to answer now; retry shortly", headers: ["Retry-After": "1"])
        default:
            request.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            return Problem(.internalServerError, type: ProblemType.internalError,
                           detail: "An unexpected error occurred; quote the request id when reporting it")
        }
    }

    private func problem(for abort: any AbortError) -> Problem {
        switch abort.status {
        case .payloadTooLarge:
            return Problem(.payloadTooLarge, type: ProblemType.payloadTooLarge,
                           detail: "The request body is larger than this endpoint accepts", headers: abort.headers)
        case .unsupportedMediaType:
            return Problem(.unsupportedMediaType, type: ProblemType.badRequest,
                           detail: "Send the body as application/json", headers: abort.headers)
        case .internalServerError:
            return Problem(.internalServerError, type: ProblemType.internalError,
                           detail: "An unexpected error occurred; quote the request id when reporting it")
        default:
            return Problem(abort.status, detail: abort.reason, headers: abort.headers)
        }
    }

    static func response(for problem: Problem, request: Request) -> Response {
        let body = ProblemBody(problem, instance: request.url.path, requestId: request.requestID)
        var headers = problem.headers
        headers.replaceOrAdd(name: .contentType, value: "application/problem+json; charset=utf-8")
        let response = Response(status: problem.status, headers: headers)
        do {
            response.body = .init(data: try JSONEncoder.api.encode(body))
        } catch {
            response.body = .init(string: #"{"type":"about:blank","title":"Internal Server Error","status":500,"detail":"error encoding failed"}"#)
        }
        return response
    }
}
