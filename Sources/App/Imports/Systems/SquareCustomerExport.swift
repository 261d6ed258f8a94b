import Foundation

/// Square Dashboard → Customers → Directory → Import / Export → Export customers. Email consent is the column
/// "Email Subscription Status" (Subscribed, Unsubscribed or Unknown; older exports: "Email Unsubscribed", true when
/// the customer opted out). There is no country column: the address is in the organization's default country.
/// Sources: squareup.com help "Import customers online", "Manage unsubscribed customers", "Manage your customer
/// directory online".
enum SquareCustomerExport {
    static let profile = ImportSystemProfile(
        id: "square",
        label: "Square",
        signatures: [
            ["Square Customer ID", "First Name", "Last Name"],
            ["Reference ID", "First Name", "Last Name", "Email Address", "Phone Number", "Transaction Count"],
        ],
        columns: [
            ("Square Customer ID", .externalID),
            ("First Name", .firstName),
            ("Last Name", .lastName),
            ("Email Address", .email),
            ("Phone Number", .phone),
            ("Company Name", .company),
            ("Street Address 1", .addressLine1),
            ("Street Address 2", .addressLine2),
            ("City", .addressCity),
            ("State", .addressRegion),
            ("Postal Code", .addressPostalCode),
            ("Birthday", .birthday),
            ("Memo", .notes),
            ("Groups", .tags),
            ("Email Subscription Status", .emailOptIn),
            ("Email Unsubscribed", .emailOptOut),
            ("Transaction Count", .importedTotalOrders),
            ("Total Spend", .importedTotalSpent),
            ("Last Visit", .importedLastOrderAt),
            ("Reference ID", .ignore),
            ("Nickname", .ignore),
            ("Creation Source", .ignore),
            ("First Visit", .ignore),
            ("Instant Profile", .ignore),
        ])
}
