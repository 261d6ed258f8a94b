import Vapor

extension AuditEntry {
    struct Public: Content {
        let id: UUID
        let actorUserId: UUID
        @NullEncoded var organizationId: UUID?
        let action: String
        let method: String
        let path: String
        let status: Int
        @NullEncoded var requestId: String?
        let createdAt: Date?

        enum CodingKeys: String, CodingKey {
            case id, action, method, path, status
            case actorUserId = "actor_user_id"
            case organizationId = "organization_id"
            case requestId = "request_id"
            case createdAt = "created_at"
        }
    }

    var asPublic: Public {
        Public(id: id!, actorUserId: actorUserID, organizationId: organizationID, action: action, method: method,
               path: path, status: status, requestId: requestID, createdAt: createdAt)
    }
}
