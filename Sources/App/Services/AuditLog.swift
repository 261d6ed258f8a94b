import Fluent
import Vapor

/// Writes the audit trail of super-admin access to organizations.
struct AuditLog {
    let database: any Database

    func record(actor: UUID, organizationID: UUID?, action: String, method: HTTPMethod, path: String,
                status: HTTPResponseStatus, requestID: String?) async throws {
        let entry = AuditEntry(actorUserID: actor, organizationID: organizationID, action: action,
                               method: method.rawValue, path: path, status: Int(status.code), requestID: requestID)
        try await WriteTransaction.run(on: database) { try await entry.create(on: $0) }
    }

    /// Answers `request` through `next` and records it as a super admin's support access, with the status it
    /// ended with (a failed audit write is logged, never the caller's failure).
    static func supportAccess(_ request: Request, next: any AsyncResponder, actor: UUID,
                              organizationID: UUID) async throws -> Response {
        func record(_ status: HTTPResponseStatus) async {
            do {
                try await AuditLog(database: request.db).record(
                    actor: actor, organizationID: organizationID, action: "support_access",
                    method: request.method, path: request.url.path, status: status, requestID: request.requestID)
            } catch {
                request.logger.error("audit log write failed", metadata: ["error": "\(error)"])
            }
        }
        do {
            let response = try await next.respond(to: request)
            await record(response.status)
            return response
        } catch {
            await record((error as? Problem)?.status ?? (error as? any AbortError)?.status ?? .internalServerError)
            throw error
        }
    }
}
