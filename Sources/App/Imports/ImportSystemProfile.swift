import Foundation

/// The customer export of another system (Shopify, Square, Stripe, WooCommerce, HubSpot): how to tell its file by
/// its header, and which of its columns fill which field. A file whose header matches a profile imports unchanged;
/// its columns not listed here are ignored, as every unknown column is.
struct ImportSystemProfile: Sendable {
    /// A short lower-case name, kept as the `imported_from` custom field of the customers it creates.
    let id: String
    let label: String
    /// Sets of headers (compared as `ImportField.normalized`); the file is this system's when all of one set are there.
    let signatures: [[String]]
    /// The system's own column names and the fields they fill; `.ignore` documents a column read past on purpose.
    let columns: [(header: String, field: ImportField)]

    /// The field a column of this system's file fills, if the profile names it.
    func field(for header: String) -> ImportField? {
        let key = ImportField.normalized(header)
        return columns.first { ImportField.normalized($0.header) == key }?.field
    }

    func matches(_ header: [String]) -> Bool {
        let present = Set(header.map(ImportField.normalized))
        return signatures.contains { $0.allSatisfy { present.contains(ImportField.normalized($0)) } }
    }

    /// Every system an import recognizes, most specific signature first.
    static let all: [ImportSystemProfile] = [
        ShopifyCustomerExport.profile, SquareCustomerExport.profile, StripeCustomerExport.profile,
        WooCommerceCustomerExport.profile, HubSpotContactExport.profile,
    ]

    /// The system whose export this header is, if any.
    static func detect(_ header: [String]) -> ImportSystemProfile? {
        all.first { $0.matches(header) }
    }
}
