import Fluent
import Vapor

/// Writes the audit trail of super-admin access to organizations.
struct AuditLog {
    let database: any Database

    @discardableResult
    func record(actor: UUID, organizationID: UUID?, action: String, method: HTTPMethod, path: String,
                status: HTTPResponseStatus, requestID: String?) async throws -> AuditEntry {
        let entry = AuditEntry(actorUserID: actor, organizationID: organizationID, action: action,
                               method: method.rawValue, path: path, status: Int(status.code), requestID: requestID)
        try await WriteTransaction.run(on: database) { try await entry.create(on: $0) }
        return entry
    }

    /// Answers `request` through `next` and records it as a super admin's support access. The entry is written
    /// before the request runs (status 102 until it ends), so that an access the log could not record does not happen:
    /// a failed audit write fails the request. The final status is then written in; should that write fail, the
    /// access stays recorded and the failure is logged.
    static func supportAccess(_ request: Request, next: any AsyncResponder, actor: UUID,
                              organizationID: UUID) async throws -> Response {
        let log = AuditLog(database: request.database)
        let entry: AuditEntry
        do {
            entry = try await log.record(actor: actor, organizationID: organizationID, action: "support_access",
                                         method: request.method, path: request.url.path, status: .processing,
                                         requestID: request.requestID)
        } catch {
            request.logger.error("audit log write failed; the request was refused", metadata: ["error": "\(error)"])
            throw Problem(.serviceUnavailable, type: ProblemType.unavailable,
                          detail: "The audit log could not record this access; retry shortly", headers: ["Retry-After": "1"])
        }
        func finish(_ status: HTTPResponseStatus) async {
            entry.status = Int(status.code)
            do {
                try await WriteTransaction.run(on: request.database) { try await entry.save(on: $0) }
            } catch {
                request.logger.error("audit log status write failed", metadata: ["error": "\(error)"])
            }
        }
        do {
            let response = try await next.respond(to: request)
            await finish(response.status)
            return response
        } catch {
            await finish((error as? Problem)?.status ?? (error is TenantRecordNotFound ? .notFound : nil)
                ?? (error as? any AbortError)?.status ?? .internalServerError)
            throw error
        }
    }
}
