import Fluent
import Vapor

/// A timeline entry: what happened to a customer, who did it and when. `details` names the fields
/// that changed (and enum transitions); it holds no contact details, so erasure has little to scrub.
final class CustomerEvent: Model, @unchecked Sendable {
    static let schema = "customer_events"

    @ID(key: .id) var id: UUID?
    @OptionalField(key: "seq") var seq: Int?
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "customer_id") var customerID: UUID
    @Field(key: "type") var type: String
    @OptionalField(key: "actor_user_id") var actorUserID: UUID?
    @OptionalField(key: "actor_name") var actorName: String?
    @Field(key: "source") var source: String
    /// A JSON object.
    @Field(key: "details") var detailsJSON: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(organizationID: UUID, customerID: UUID, type: String, actor: Actor, details: String, at date: Date) {
        self.organizationID = organizationID
        self.customerID = customerID
        self.type = type
        self.actorUserID = actor.userID
        self.actorName = actor.name
        self.source = actor.source
        self.detailsJSON = details
        self.createdAt = date
    }
}

extension CustomerEvent: TenantModel {}
