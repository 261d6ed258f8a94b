import Fluent
import Vapor

/// One tag of one customer, for filtering by tag; written with the customer, in its transaction.
final class CustomerTag: Model, @unchecked Sendable {
    static let schema = "customer_tags"

    @ID(key: .id) var id: UUID?
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "customer_id") var customerID: UUID
    /// Lower-cased, so that a filter is case-insensitive.
    @Field(key: "tag_key") var tagKey: String

    init() {}

    init(organizationID: UUID, customerID: UUID, tagKey: String) {
        self.organizationID = organizationID
        self.customerID = customerID
        self.tagKey = tagKey
    }
}

extension CustomerTag: TenantModel {}
