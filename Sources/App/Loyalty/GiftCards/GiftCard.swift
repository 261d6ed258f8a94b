import Fluent
import SQLKit
import Vapor

/// A gift card: a balance in minor units of the organization's currency, reached by a 16-character code of which
/// only a hash and the last four characters are kept.
final class GiftCard: Model, @unchecked Sendable {
    static let schema = "gift_cards"

    @ID(key: .id) var id: UUID?
    @OptionalField(key: "seq") var seq: Int?
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "code_hash") var codeHash: String
    @Field(key: "code_last4") var codeLast4: String
    @Field(key: "currency") var currency: String
    @Field(key: "initial_minor") var initialMinor: Int64
    @Field(key: "balance_minor") var balanceMinor: Int64
    @OptionalField(key: "customer_id") var customerID: UUID?
    /// The last day it can be used (`YYYY-MM-DD`, in the organization's time zone).
    @OptionalField(key: "expires_on") var expiresOn: String?
    @OptionalField(key: "note") var note: String?
    @OptionalField(key: "disabled_at") var disabledAt: Date?
    @OptionalField(key: "created_by_id") var createdByID: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    /// `disabled`, `depleted`, `expired` or `active`, on `today` in the organization's time zone.
    func status(today: CalendarDate) -> GiftCardStatus {
        if disabledAt != nil { return .disabled }
        if balanceMinor <= 0 { return .depleted }
        if let expiresOn, let last = CalendarDate(expiresOn), last < today { return .expired }
        return .active
    }
}

extension GiftCard: TenantModel {}

enum GiftCardStatus: String, CaseIterable, Sendable {
    case active, depleted, expired, disabled

    /// The SQL condition of this status on `today`.
    func condition(today: CalendarDate) -> SQLQueryString {
        let day = today.description
        switch self {
        case .disabled: return "disabled_at IS NOT NULL"
        case .depleted: return "disabled_at IS NULL AND balance_minor <= 0"
        case .expired: return "disabled_at IS NULL AND balance_minor > 0 AND expires_on < \(bind: day)"
        case .active: return "disabled_at IS NULL AND balance_minor > 0 AND (expires_on IS NULL OR expires_on >= \(bind: day))"
        }
    }
}
