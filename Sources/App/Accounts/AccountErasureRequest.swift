import Fluent
import Vapor

/// A person's request, made from their account, that an organization erase its record of them. The organization's
/// admins see it and erase the record (or dismiss the request, saying why it is kept).
final class AccountErasureRequest: Model, @unchecked Sendable {
    static let schema = "account_erasure_requests"

    enum Status: String, Sendable, CaseIterable {
        case open, erased, dismissed
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "customer_id") var customerID: UUID
    @Field(key: "status") var status: String
    @Field(key: "requested_at") var requestedAt: Date
    @OptionalField(key: "handled_at") var handledAt: Date?
    @OptionalField(key: "handled_by_id") var handledByID: UUID?
    @OptionalField(key: "handled_by_name") var handledByName: String?
    @OptionalField(key: "handled_reason") var handledReason: String?

    init() {}

    struct Public: Content {
        let id: UUID
        let customerID: UUID
        let customerName: String?
        let status: String
        let requestedAt: Date
        let handledAt: Date?
        let handledBy: String?
        let reason: String?

        enum CodingKeys: String, CodingKey {
            case id, status, reason
            case customerID = "customer_id", customerName = "customer_name", requestedAt = "requested_at", handledAt = "handled_at"
            case handledBy = "handled_by"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(customerID, forKey: .customerID)
            try c.encode(customerName, forKey: .customerName)
            try c.encode(status, forKey: .status)
            try c.encode(requestedAt, forKey: .requestedAt)
            try c.encode(handledAt, forKey: .handledAt)
            try c.encode(handledBy, forKey: .handledBy)
            try c.encode(reason, forKey: .reason)
        }
    }
}

extension AccountErasureRequest: TenantModel {}
