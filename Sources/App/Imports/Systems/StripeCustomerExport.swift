import Foundation

/// Stripe Dashboard → Customers → Export (the default columns). Stripe holds no marketing consent and no tags; its
/// "Description" is the merchant's note. "Total Spend" and "Payment Count" are lifetime figures in "Currency".
/// Card, shipping, balance, tax and dispute columns, and metadata columns (`… (metadata)`), are ignored.
/// Sources: docs.stripe.com "Customers" (Dashboard export), the Customer object of the API reference.
enum StripeCustomerExport {
    static let profile = ImportSystemProfile(
        id: "stripe",
        label: "Stripe",
        signatures: [["id", "Email", "Created (UTC)"]],
        columns: [
            ("id", .externalID),
            ("Name", .name),
            ("Email", .email),
            ("Phone", .phone),
            ("Description", .notes),
            ("Address Line1", .addressLine1),
            ("Address Line2", .addressLine2),
            ("Address City", .addressCity),
            ("Address State", .addressRegion),
            ("Address Country", .addressCountry),
            ("Address Zip", .addressPostalCode),
            ("Total Spend", .importedTotalSpent),
            ("Payment Count", .importedTotalOrders),
            ("Currency", .importedCurrency),
            ("Created (UTC)", .ignore),
            ("Delinquent", .ignore),
            ("Balance", .ignore),
            ("Account Balance", .ignore),
            ("Business Vat ID", .ignore),
            ("Tax Exempt", .ignore),
            ("Refunded Volume", .ignore),
            ("Dispute Losses", .ignore),
            ("Card ID", .ignore),
            ("Plan", .ignore),
            ("Status", .ignore),
            ("Shipping Name", .ignore),
            ("Shipping Address Line1", .ignore),
        ])
}
