import Fluent
import Foundation
import SQLKit

/// When a customer is created, the organization's earlier guest orders with the same email or phone
/// become theirs and count in their totals — in the transaction that creates the customer.
struct GuestOrderLinking {
    let database: any Database
    let organization: Organization
    let actor: Actor

    /// How many guest orders of the organization have the customer's email or phone, as the `RETURNING` column of
    /// the customer's insert (see `Customer.insert(on:at:linkingGuestOrders:)`): a create asks in its own statement,
    /// and only the rare customer who ordered as a guest before takes the linking queries.
    static func guestOrderCount(email: String?, phone: String?, organizationID: UUID) -> SQLQueryString {
        """
        (SELECT count(*) FROM orders WHERE organization_id = \(bind: organizationID) AND customer_id IS NULL
            AND contact_email = \(bind: email))
        + (SELECT count(*) FROM orders WHERE organization_id = \(bind: organizationID) AND customer_id IS NULL
            AND contact_phone = \(bind: phone)) AS guest_orders
        """
    }

    /// The emails and phones among these that guest orders of the organization carry: one query per column, each
    /// served by its partial guest-order index (an OR of the two reads every guest order).
    static func contactsWithGuestOrders(emails: Set<String>, phones: Set<String>, organizationID: UUID,
                                        on database: any Database) async throws -> GuestContacts {
        var found = GuestContacts()
        for (column, values) in [("contact_email", emails), ("contact_phone", phones)] where !values.isEmpty {
            let sorted = values.sorted()
            for start in stride(from: 0, to: sorted.count, by: 1_000) {
                let slice = Array(sorted[start..<min(start + 1_000, sorted.count)])
                let rows = try await SQLRows.all("""
                    SELECT DISTINCT \(unsafeRaw: column) AS contact FROM orders
                    WHERE organization_id = \(bind: organizationID) AND customer_id IS NULL AND \(unsafeRaw: column) IN (\(binds: slice))
                    """, on: try database.sql)
                for row in rows {
                    let contact = try row.decode(column: "contact", as: String.self)
                    if column == "contact_email" { found.emails.insert(contact) } else { found.phones.insert(contact) }
                }
            }
        }
        return found
    }

    /// Emails and phones that guest orders carry.
    struct GuestContacts: Sendable {
        var emails: Set<String> = []
        var phones: Set<String> = []

        /// Whether any guest order may have `customer`'s email or phone.
        func mayHaveOrders(_ customer: Customer) -> Bool {
            mayHaveOrders(email: customer.email, phone: customer.phone)
        }

        func mayHaveOrders(email: String?, phone: String?) -> Bool {
            email.map(emails.contains) == true || phone.map(phones.contains) == true
        }
    }

    func link(to customer: Customer) async throws {
        guard customer.email != nil || customer.phone != nil else { return }
        let tenant = Tenant(organizationID: customer.organizationID)
        var contact: [SQLQueryString] = []
        if let email = customer.email { contact.append("contact_email = \(bind: email)") }
        if let phone = customer.phone { contact.append("contact_phone = \(bind: phone)") }
        // One query per contact, each served by its partial guest-order index: with an OR, SQLite reads every
        // guest order of the organization (inside the transaction of every create).
        var found: [UUID: Order] = [:]
        for condition in contact {
            for order in try await tenant.select(Order.self, where: "customer_id IS NULL AND " + condition, on: database) {
                found[order.id!] = order
            }
        }
        let orders = found.values.sorted { ($0.placedAt, $0.id!.uuidString) < ($1.placedAt, $1.id!.uuidString) }
        guard !orders.isEmpty else { return }
        let customerID = try customer.requireID()
        try await tenant.query(Order.self, on: database).filter(\.$id ~~ orders.compactMap(\.id))
            .set(\.$customerID, to: customerID).update()
        let totals = try await CustomerTotals.refresh(customerID: customerID, organization: organization, on: database)
        totals.apply(to: customer)
        let timeline = CustomerTimeline(database: database, actor: actor)
        for order in orders {
            try await timeline.record(.orderLinked, customer: customer, details: OrderTimeline.details(order))
        }
    }
}
