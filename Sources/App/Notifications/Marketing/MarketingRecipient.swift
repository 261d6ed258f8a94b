import Foundation
import SQLKit

/// What a marketing message needs of one customer.
struct MarketingRecipient: Sendable {
    let id: UUID
    let name: String
    let firstName: String?
    let email: String?
    let phone: String?
    let emailOptIn: Bool
    let smsOptIn: Bool
    let cursorKey: CustomerSearch.CursorKey

    static let select = "customers.id, customers.name, customers.first_name, customers.email, customers.phone, "
        + "customers.email_opt_in, customers.sms_opt_in, customers.seq, customers.search_name, customers.total_spent_minor, "
        + "customers.last_order_at, customers.loyalty_points"

    static func decode(_ row: any SQLRow) throws -> MarketingRecipient {
        try MarketingRecipient(
            id: row.decode(column: "id", as: UUID.self), name: row.decode(column: "name", as: String.self),
            firstName: row.decode(column: "first_name", as: String?.self), email: row.decode(column: "email", as: String?.self),
            phone: row.decode(column: "phone", as: String?.self), emailOptIn: row.decode(column: "email_opt_in", as: Bool.self),
            smsOptIn: row.decode(column: "sms_opt_in", as: Bool.self),
            cursorKey: CustomerSearch.CursorKey(
                seq: row.decode(column: "seq", as: Int.self), searchName: row.decode(column: "search_name", as: String.self),
                totalSpentMinor: row.decode(column: "total_spent_minor", as: Int64.self),
                lastOrderAt: row.decode(column: "last_order_at", as: Date?.self),
                loyaltyPoints: row.decode(column: "loyalty_points", as: Int.self)))
    }
}
