import Fluent
import Vapor

/// Writes the audit trail of super-admin access to organizations.
struct AuditLog {
    let database: any Database

    func record(actor: UUID, organizationID: UUID?, action: String, method: HTTPMethod, path: String,
                status: HTTPResponseStatus, requestID: String?) async throws {
        try await AuditEntry(actorUserID: actor, organizationID: organizationID, action: action,
                             method: method.rawValue, path: path, status: Int(status.code), requestID: requestID)
            .create(on: database)
    }
}
