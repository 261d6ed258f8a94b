import Foundation

/// The columns of a customer export, in order, and one customer's values. Import reads the same headers back.
enum CustomerExportColumns {
    enum Kind { case text, number }

    static let all: [(header: String, kind: Kind)] = [
        ("name", .text), ("first_name", .text), ("last_name", .text), ("email", .text), ("phone", .text),
        ("company", .text), ("tags", .text), ("status", .text), ("created_at", .text), ("loyalty_points", .number),
        ("visits", .number), ("total_orders", .number), ("total_spent", .number), ("last_order_at", .text),
        ("email_opt_in", .text), ("sms_opt_in", .text),
    ]

    static var headers: [String] { all.map(\.header) }

    /// Raw values (not yet neutralized for spreadsheets); absent values are empty.
    static func values(of customer: CustomerExportRow) -> [String] {
        [
            customer.name, customer.firstName ?? "", customer.lastName ?? "", customer.email ?? "", customer.phone ?? "",
            customer.company ?? "", CustomerRules.decodeTags(customer.tagsJSON).joined(separator: ", "), customer.status,
            customer.createdAt.map(timestamp) ?? "", String(customer.loyaltyPoints), String(customer.visits),
            String(customer.totalOrders), Money.decimalString(minorUnits: customer.totalSpentMinor),
            customer.lastOrderAt.map(timestamp) ?? "", String(customer.emailOptIn), String(customer.smsOptIn),
        ]
    }

    private static func timestamp(_ date: Date) -> String { RFC3339.string(date) }
}
