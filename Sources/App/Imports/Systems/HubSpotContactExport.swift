import Foundation

/// HubSpot → Contacts → Export (a view's columns, or "all properties"), with the properties' English labels as
/// headers. Email consent: "Unsubscribed from all email" is true when the contact opted out of every email.
/// HubSpot holds no order totals for a contact by default. Owner, lead and lifecycle columns and activity dates are
/// ignored. Sources: knowledge.hubspot.com "Export records" and "HubSpot's default contact properties".
enum HubSpotContactExport {
    static let profile = ImportSystemProfile(
        id: "hubspot",
        label: "HubSpot",
        signatures: [["Record ID", "First Name", "Last Name", "Email"]],
        columns: [
            ("Record ID", .externalID),
            ("First Name", .firstName),
            ("Last Name", .lastName),
            ("Email", .email),
            ("Phone Number", .phone),
            ("Mobile Phone Number", .phone),
            ("Company Name", .company),
            ("Street Address", .addressLine1),
            ("City", .addressCity),
            ("State/Region", .addressRegion),
            ("Postal Code", .addressPostalCode),
            ("Country/Region", .addressCountry),
            ("Unsubscribed from all email", .emailOptOut),
            ("Date of birth", .birthday),
            ("Contact owner", .ignore),
            ("Lead Status", .ignore),
            ("Lifecycle Stage", .ignore),
            ("Marketing contact status", .ignore),
            ("Last Activity Date", .ignore),
            ("Create Date", .ignore),
            ("Job Title", .ignore),
            ("Primary Associated Company ID", .ignore),
        ])
}
