import Fluent
import Vapor

/// A POST made with an `Idempotency-Key`, and the answer it got, replayed to the same user for 24 hours.
final class IdempotencyRecord: Model, @unchecked Sendable {
    static let schema = "idempotency_keys"

    @ID(key: .id) var id: UUID?
    @Field(key: "organization_id") var organizationID: UUID
    /// The user who made the request: the only one its answer is replayed to.
    @Field(key: "user_id") var userID: UUID
    @Field(key: "key") var key: String
    /// SHA-256 of method, path and body: the same key with another request is refused.
    @Field(key: "request_hash") var requestHash: String
    /// NULL while the first request is still running.
    @OptionalField(key: "status") var status: Int?
    @OptionalField(key: "location") var location: String?
    @OptionalField(key: "body") var body: String?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(organizationID: UUID, userID: UUID, key: String, requestHash: String, createdAt: Date) {
        self.organizationID = organizationID
        self.userID = userID
        self.key = key
        self.requestHash = requestHash
        self.createdAt = createdAt
    }
}

extension IdempotencyRecord: TenantModel {}
