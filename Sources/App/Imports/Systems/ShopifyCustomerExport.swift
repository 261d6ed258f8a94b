import Foundation

/// Shopify admin → Customers → Export (CSV for Excel or plain CSV). Two layouts are in use: the current one, whose
/// address columns start with "Default Address", and the older one (`Company`, `Address1`, `Province Code`, …, and a
/// single "Accepts Marketing"). Shopify writes a phone as `'+1…` so that Excel keeps the `+`; the import drops the `'`.
/// Sources: help.shopify.com "Exporting customers" and "Customer CSV file format"; the store migration data dictionary.
enum ShopifyCustomerExport {
    static let profile = ImportSystemProfile(
        id: "shopify",
        label: "Shopify",
        signatures: [
            ["First Name", "Last Name", "Email", "Accepts Email Marketing", "Total Spent", "Total Orders"],
            ["First Name", "Last Name", "Email", "Accepts Marketing", "Total Spent", "Total Orders"],
        ],
        columns: [
            ("Customer ID", .externalID),
            ("First Name", .firstName),
            ("Last Name", .lastName),
            ("Email", .email),
            ("Phone", .phone),
            ("Accepts Email Marketing", .emailOptIn),
            ("Accepts Marketing", .emailOptIn),
            ("Accepts SMS Marketing", .smsOptIn),
            ("Tags", .tags),
            ("Note", .notes),
            ("Total Spent", .importedTotalSpent),
            ("Total Orders", .importedTotalOrders),
            // The current layout: the default address.
            ("Default Address Company", .company),
            ("Default Address Address1", .addressLine1),
            ("Default Address Address2", .addressLine2),
            ("Default Address City", .addressCity),
            ("Default Address Province Code", .addressRegion),
            ("Default Address Country Code", .addressCountry),
            ("Default Address Zip", .addressPostalCode),
            ("Default Address Phone", .addressPhone),
            // The older layout: the same address without the prefix, names and codes side by side (codes are read).
            ("Company", .company),
            ("Address1", .addressLine1),
            ("Address2", .addressLine2),
            ("City", .addressCity),
            ("Province Code", .addressRegion),
            ("Country Code", .addressCountry),
            ("Zip", .addressPostalCode),
            ("Province", .ignore),
            ("Country", .ignore),
            ("Tax Exempt", .ignore),
        ])
}
