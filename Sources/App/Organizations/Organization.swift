import Fluent
import Vapor

/// The tenant: every piece of customer data belongs to exactly one organization.
final class Organization: Model, @unchecked Sendable {
    static let schema = "organizations"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "slug") var slug: String
    @Field(key: "default_country") var defaultCountry: String
    @Field(key: "timezone") var timezone: String
    @Field(key: "currency") var currency: String
    @Field(key: "unique_customer_names") var uniqueCustomerNames: Bool
    /// `settings.notifications` as JSON; null while the organization keeps the defaults.
    @OptionalField(key: "notification_matrix") var notificationMatrixJSON: String?
    /// `settings.loyalty` as JSON; null while the organization keeps the defaults (no programme).
    @OptionalField(key: "loyalty_program") var loyaltyProgramJSON: String?
    /// `settings.courier`: a courier has teams and business clients.
    @Field(key: "courier") var courier: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(id: UUID? = nil, name: String, slug: String, settings: OrganizationSettings) {
        self.id = id
        self.name = name
        self.slug = slug
        apply(settings)
    }

    var settings: OrganizationSettings {
        OrganizationSettings(defaultCountry: defaultCountry, timezone: timezone, currency: currency,
                             uniqueCustomerNames: uniqueCustomerNames,
                             notifications: NotificationMatrix(storedJSON: notificationMatrixJSON),
                             loyalty: loyaltyProgram, courier: courier)
    }

    /// The loyalty programme (`settings.loyalty`).
    var loyaltyProgram: LoyaltyProgram { LoyaltyProgram.decoded(loyaltyProgramJSON) }

    func apply(_ settings: OrganizationSettings) {
        defaultCountry = settings.defaultCountry
        timezone = settings.timezone
        currency = settings.currency
        uniqueCustomerNames = settings.uniqueCustomerNames
        notificationMatrixJSON = settings.notifications.storedJSON
        loyaltyProgramJSON = settings.loyalty.storedJSON
        courier = settings.courier
    }
}
