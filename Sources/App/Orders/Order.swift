import Fluent
import Vapor

/// What a customer (or a guest) asked for or bought. Keeps a copy of the contact details it was placed with.
final class Order: Model, @unchecked Sendable {
    static let schema = "orders"

    @ID(key: .id) var id: UUID?
    @OptionalField(key: "seq") var seq: Int?
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "number") var number: String
    @Field(key: "platform") var platform: String
    @OptionalField(key: "receipt_number") var receiptNumber: String?
    /// Minor units (cents).
    @Field(key: "amount_minor") var amountMinor: Int64
    @Field(key: "currency") var currency: String
    @OptionalField(key: "payment_method") var paymentMethod: String?
    @Field(key: "payment_status") var paymentStatus: String
    @Field(key: "status") var status: String
    @Field(key: "placed_at") var placedAt: Date
    @OptionalField(key: "completed_at") var completedAt: Date?
    /// JSON array of {name, quantity, unit_price}.
    @Field(key: "items") var itemsJSON: String
    @OptionalField(key: "customer_id") var customerID: UUID?
    @OptionalField(key: "contact_name") var contactName: String?
    @OptionalField(key: "contact_email") var contactEmail: String?
    @OptionalField(key: "contact_phone") var contactPhone: String?
    @OptionalField(key: "created_by_id") var createdByID: UUID?
    @Field(key: "version") var version: Int
    /// Whether the order may earn loyalty points: placed for a registered customer, not as a guest.
    @Field(key: "earns_loyalty") var earnsLoyalty: Bool
    /// The points it earned and still holds (taken back by a refund or cancellation).
    @Field(key: "loyalty_points") var loyaltyPoints: Int
    /// The courier's business client that sent the order through its portal.
    @OptionalField(key: "client_id") var clientID: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    /// Whether the order counts toward its customer's totals: not cancelled, not refunded, not failed.
    var counts: Bool {
        status != OrderStatus.cancelled.rawValue
            && paymentStatus != PaymentStatus.refunded.rawValue && paymentStatus != PaymentStatus.failed.rawValue
    }
}

extension Order: TenantModel {}

enum OrderStatus: String, CaseIterable, Sendable {
    case placed, completed, cancelled
}

enum PaymentStatus: String, CaseIterable, Sendable {
    case pending, paid, refunded, failed
}
