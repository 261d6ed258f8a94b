import Fluent
import Vapor

/// A contact record of one organization. Computed fields (totals, loyalty) are never written from a body.
final class Customer: Model, @unchecked Sendable {
    static let schema = "customers"

    @ID(key: .id) var id: UUID?
    /// Insertion order: the search index's row id and the keyset for "newest first".
    @OptionalField(key: "seq") var seq: Int?
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "name") var name: String
    /// `name` trimmed and lower-cased: the sort key.
    @Field(key: "name_key") var nameKey: String
    /// The name folded for search (lower case, no diacritics): what a substring search matches.
    @Field(key: "search_name") var searchName: String
    /// `name_key` while the organization wants unique names, else NULL; a unique index enforces it.
    @OptionalField(key: "unique_name_key") var uniqueNameKey: String?
    @OptionalField(key: "first_name") var firstName: String?
    @OptionalField(key: "last_name") var lastName: String?
    @OptionalField(key: "company") var company: String?
    @OptionalField(key: "email") var email: String?
    @OptionalField(key: "phone") var phone: String?
    @OptionalField(key: "birthday") var birthday: String?
    @OptionalField(key: "timezone") var timezone: String?
    @Field(key: "preferred_language") var preferredLanguage: String
    @Field(key: "preferred_contact_method") var preferredContactMethod: String
    @OptionalField(key: "best_time_to_call") var bestTimeToCall: String?
    @OptionalField(key: "notes") var notes: String?
    /// JSON array of strings; `customer_tags` holds the same for filtering.
    @Field(key: "tags") var tagsJSON: String
    /// JSON object of string, number or boolean values.
    @Field(key: "custom_fields") var customFieldsJSON: String
    @OptionalField(key: "external_id") var externalID: String?
    @Field(key: "source") var source: String
    @Field(key: "status") var status: String
    @Field(key: "email_opt_in") var emailOptIn: Bool
    @OptionalField(key: "email_opt_in_at") var emailOptInAt: Date?
    @OptionalField(key: "email_opt_in_source") var emailOptInSource: String?
    @Field(key: "sms_opt_in") var smsOptIn: Bool
    @OptionalField(key: "sms_opt_in_at") var smsOptInAt: Date?
    @OptionalField(key: "sms_opt_in_source") var smsOptInSource: String?
    @Field(key: "names_validated") var namesValidated: Bool
    @OptionalField(key: "managed_by_id") var managedByID: UUID?
    @Field(key: "loyalty_points") var loyaltyPoints: Int
    @Field(key: "loyalty_member") var loyaltyMember: Bool
    @Field(key: "total_orders") var totalOrders: Int
    /// Money in minor units (cents) so that sums are exact.
    @Field(key: "total_spent_minor") var totalSpentMinor: Int64
    @Field(key: "visits") var visits: Int
    @OptionalField(key: "first_order_at") var firstOrderAt: Date?
    @OptionalField(key: "last_order_at") var lastOrderAt: Date?
    /// The customer account linked to this record (customer accounts); never shown to staff beyond `account`.
    @OptionalField(key: "account_id") var accountID: UUID?
    @OptionalField(key: "account_linked_at") var accountLinkedAt: Date?
    /// JSON array of the inherited fields this organization's staff changed on this record: the account's changes of
    /// them no longer flow here.
    @Field(key: "overridden_fields") var overriddenFieldsJSON: String
    /// JSON array of `{"field", "value", "reason", "at"}`: the account's changes that this organization's rules refused.
    @Field(key: "account_conflicts") var accountConflictsJSON: String
    /// Possible-duplicate blocking keys (`DuplicateKeys`), written whenever name, phone or email change.
    @OptionalField(key: "dup_name_key") var dupNameKey: String?
    @OptionalField(key: "dup_name_initial_key") var dupNameInitialKey: String?
    @OptionalField(key: "dup_phone_key") var dupPhoneKey: String?
    @OptionalField(key: "dup_email_key") var dupEmailKey: String?
    @OptionalField(key: "dup_email_local_key") var dupEmailLocalKey: String?
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    /// A new, empty record of an organization with the spec's defaults.
    init(organizationID: UUID, source: String) {
        self.organizationID = organizationID
        self.source = source
        preferredLanguage = "en"
        preferredContactMethod = "email"
        tagsJSON = "[]"
        customFieldsJSON = "{}"
        status = CustomerStatus.active.rawValue
        emailOptIn = false
        smsOptIn = false
        namesValidated = false
        loyaltyPoints = 0
        loyaltyMember = false
        totalOrders = 0
        totalSpentMinor = 0
        visits = 0
        overriddenFieldsJSON = "[]"
        accountConflictsJSON = "[]"
        version = 1
    }
}

extension Customer: TenantModel {}
