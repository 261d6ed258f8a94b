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
