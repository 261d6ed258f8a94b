import ClienteleCore
import Vapor

/// An RFC 9457 problem: the one error type the API answers with.
public struct Problem: Error, Sendable {
    public typealias FieldError = ClienteleCore.FieldError

    public var status: HTTPResponseStatus
    public var type: String
    public var title: String
    public var detail: String
    public var errors: [FieldError]?
    public var headers: HTTPHeaders

    public init(
        _ status: HTTPResponseStatus,
        type: String = "about:blank",
        title: String? = nil,
        detail: String,
        errors: [FieldError]? = nil,
        headers: HTTPHeaders = [:]
    ) {
        self.status = status
        self.type = type
        self.title = title ?? status.reasonPhrase
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    public static func validation(_ errors: [FieldError], detail: String? = nil) -> Problem {
        Problem(
            .unprocessableEntity, type: ProblemType.validation, title: "Validation failed",
            detail: detail ?? errors.map { "\($0.field): \($0.message)" }.joined(separator: "; "),
            errors: errors)
    }

    public static func invalid(_ field: String, _ message: String) -> Problem {
        validation([FieldError(field: field, message: message)])
    }

    public static func badRequest(_ detail: String, field: String? = nil) -> Problem {
        Problem(.badRequest, type: ProblemType.badRequest, detail: detail,
                errors: field.map { [FieldError(field: $0, message: detail)] })
    }

    public static func conflict(_ detail: String, field: String? = nil) -> Problem {
        Problem(.conflict, type: ProblemType.conflict, detail: detail,
                errors: field.map { [FieldError(field: $0, message: detail)] })
    }

    public static func notFound(_ what: String = "resource") -> Problem {
        Problem(.notFound, type: ProblemType.notFound, detail: "The \(what) was not found")
    }

    /// The store's `TenantRecordNotFound` at the HTTP edge: the same 404 as any record not found.
    public static func notFound(_ missing: TenantRecordNotFound) -> Problem {
        notFound(missing.what)
    }

    public static func forbidden(_ detail: String) -> Problem {
        Problem(.forbidden, type: ProblemType.forbidden, detail: detail)
    }

    public static func unauthorized(_ detail: String) -> Problem {
        Problem(.unauthorized, type: ProblemType.unauthorized, detail: detail,
                headers: ["WWW-Authenticate": "Bearer"])
    }
}

/// Stable `type` URIs, documented in the OpenAPI description.
public enum ProblemType {
    public static let validation = "urn:clientele:problem:validation-error"
    public static let badRequest = "urn:clientele:problem:bad-request"
    public static let malformedJSON = "urn:clientele:problem:malformed-json"
    public static let conflict = "urn:clientele:problem:conflict"
    public static let notFound = "urn:clientele:problem:not-found"
    public static let forbidden = "urn:clientele:problem:forbidden"
    public static let unauthorized = "urn:clientele:problem:unauthorized"
    public static let throttled = "urn:clientele:problem:too-many-requests"
    public static let methodNotAllowed = "urn:clientele:problem:method-not-allowed"
    public static let payloadTooLarge = "urn:clientele:problem:payload-too-large"
    public static let unavailable = "urn:clientele:problem:service-unavailable"
    public static let preconditionFailed = "urn:clientele:problem:precondition-failed"
    public static let idempotencyConflict = "urn:clientele:problem:idempotency-key-reused"
    public static let idempotencyAnswerLost = "urn:clientele:problem:idempotency-answer-lost"
    public static let internalError = "urn:clientele:problem:internal-error"
    public static let gone = "urn:clientele:problem:link-gone"
}

extension Validator {
    /// Throws the 422 problem of what was wrong, if anything.
    func check() throws {
        if let failure { throw Problem.validation(failure.errors) }
    }
}
