import Fluent
import Vapor

/// A saved address of a customer. Exactly one of a customer's addresses is its default.
final class Address: Model, @unchecked Sendable {
    static let schema = "addresses"

    @ID(key: .id) var id: UUID?
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "customer_id") var customerID: UUID
    @OptionalField(key: "label") var label: String?
    @Field(key: "line1") var line1: String
    @OptionalField(key: "line2") var line2: String?
    @OptionalField(key: "city") var city: String?
    @OptionalField(key: "region") var region: String?
    @OptionalField(key: "postal_code") var postalCode: String?
    @Field(key: "country") var country: String
    @Field(key: "formatted") var formatted: String
    @OptionalField(key: "latitude") var latitude: Double?
    @OptionalField(key: "longitude") var longitude: Double?
    @OptionalField(key: "contact_name") var contactName: String?
    @OptionalField(key: "contact_phone") var contactPhone: String?
    @OptionalField(key: "notes") var notes: String?
    @Field(key: "is_default") var isDefault: Bool
    /// The possible-duplicate key of the address (`DuplicateKeys.address`): street line with postal code or city.
    @OptionalField(key: "dup_key") var duplicateKey: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(organizationID: UUID, customerID: UUID) {
        self.organizationID = organizationID
        self.customerID = customerID
        self.line1 = ""
        self.country = ""
        self.formatted = ""
        self.isDefault = false
    }
}

extension Address: TenantModel {}

extension Address {
    /// Sets `duplicateKey` from the street line, postal code and city.
    func refreshDuplicateKey() {
        let key = DuplicateKeys.address(.init(line1: line1, postalCode: postalCode, city: city))
        duplicateKey = key
    }
}
