import Foundation

/// WooCommerce → Analytics → Customers → Download (the customers report as CSV). It has no street line: the address
/// holds the city, region, postal code and country, and its first line repeats that place (an address needs a line 1).
/// "Last active" is the date of the customer's last order in the report's lookup table. "Country / Region" is a
/// two-letter code or a country's English name.
/// Sources: woocommerce.com "Analytics → Customers report"; the `CustomerReport` type of `@woocommerce/data`.
enum WooCommerceCustomerExport {
    static let profile = ImportSystemProfile(
        id: "woocommerce",
        label: "WooCommerce",
        signatures: [["Name", "Username", "Email", "Orders", "Total Spend"]],
        columns: [
            ("Name", .name),
            ("Email", .email),
            ("Orders", .importedTotalOrders),
            ("Total Spend", .importedTotalSpent),
            ("Last Active", .importedLastOrderAt),
            ("Country / Region", .addressCountry),
            ("Country", .addressCountry),
            ("City", .addressCity),
            ("Region", .addressRegion),
            ("Postal Code", .addressPostalCode),
            ("Username", .ignore),
            ("Date Registered", .ignore),
            ("AOV", .ignore),
        ])
}
