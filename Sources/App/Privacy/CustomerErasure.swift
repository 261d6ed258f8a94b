import Fluent
import Foundation

/// That a customer was erased: when, by whom, why. Holds no personal data of the erased person.
final class CustomerErasure: Model, @unchecked Sendable {
    static let schema = "customer_erasures"

    @ID(key: .id) var id: UUID?
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "customer_id") var customerID: UUID
    @OptionalField(key: "erased_by_id") var erasedByID: UUID?
    @Field(key: "reason") var reason: String
    @Field(key: "erased_at") var erasedAt: Date
    /// SHA-256 of `email:` and `phone:` the erased values, space-separated (see `CustomerEraser.contactHashes`).
    @OptionalField(key: "contact_hashes") var contactHashes: String?

    init() {}

    init(organizationID: UUID, customerID: UUID, erasedByID: UUID?, reason: String, at date: Date) {
        self.organizationID = organizationID
        self.customerID = customerID
        self.erasedByID = erasedByID
        self.reason = reason
        self.erasedAt = date
    }
}

extension CustomerErasure: TenantModel {}
