import Fluent
import Vapor

/// One request made by a super admin inside an organization. Holds no request bodies.
final class AuditEntry: Model, @unchecked Sendable {
    static let schema = "audit_log"

    @ID(key: .id) var id: UUID?
    @Field(key: "actor_user_id") var actorUserID: UUID
    @OptionalField(key: "organization_id") var organizationID: UUID?
    @Field(key: "action") var action: String
    @Field(key: "method") var method: String
    @Field(key: "path") var path: String
    @Field(key: "status") var status: Int
    @OptionalField(key: "request_id") var requestID: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(actorUserID: UUID, organizationID: UUID?, action: String, method: String, path: String,
         status: Int, requestID: String?) {
        self.actorUserID = actorUserID
        self.organizationID = organizationID
        self.action = action
        self.method = method
        self.path = path
        self.status = status
        self.requestID = requestID
    }
}
