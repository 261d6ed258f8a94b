import Fluent
import Foundation
import SQLKit

/// Many new customers in the caller's transaction, each obeying what `CustomerService.insert` does for one — the
/// organization's counters, tags, a `created` timeline entry, earlier guest orders linked — in a handful of
/// multi-row statements instead of a handful per customer. Uniqueness is the unique indexes' to enforce: a clash
/// fails the statement, and the caller retries the rows one at a time to find the row at fault.
struct CustomerBulkInsert {
    /// 40 columns × 500 rows stays under SQLite's 32,766 bound values.
    static let rowsPerStatement = 500

    let database: any Database
    let organization: Organization
    let actor: Actor

    func run(_ items: [(customer: Customer, applied: CustomerChanges.Applied, tags: [String])]) async throws {
        guard !items.isEmpty else { return }
        let organizationID = try organization.requireID()
        let now = Date()
        for start in stride(from: 0, to: items.count, by: Self.rowsPerStatement) {
            let chunk = items[start..<min(start + Self.rowsPerStatement, items.count)]
            try await RowInsert.run(chunk.map { $0.customer.insertRow(at: now) }, on: database)
            for item in chunk { item.customer._$id.exists = true }
        }
        try await CustomerCounter(database: database).add(items.count, to: organizationID)
        try await CustomerSignups(database: database).add(items.count, at: now, to: organizationID)

        let tagRows = items.flatMap { CustomerTags.rows(organizationID: organizationID, customerID: $0.customer.id!, tags: $0.tags) }
        for start in stride(from: 0, to: tagRows.count, by: 2_000) {
            try await RowInsert.run(Array(tagRows[start..<min(start + 2_000, tagRows.count)]), on: database)
        }

        let timeline = CustomerTimeline(database: database, actor: actor)
        let entries = try items.flatMap { try timeline.entries(for: $0.applied, customer: $0.customer, created: true, at: now) }
        for start in stride(from: 0, to: entries.count, by: 2_000) {
            try await RowInsert.run(entries[start..<min(start + 2_000, entries.count)].map { $0.insertRow() }, on: database)
        }
        try await linkGuestOrders(to: items.map(\.customer), organizationID: organizationID)
    }

    /// One query finds whether any of these people ordered as a guest before; only those few are linked one by one.
    private func linkGuestOrders(to customers: [Customer], organizationID: UUID) async throws {
        let emails = Set(customers.compactMap(\.email))
        let phones = Set(customers.compactMap(\.phone))
        guard !emails.isEmpty || !phones.isEmpty else { return }
        // One query per column, each served by its guest-order index (an OR of the two reads every guest order).
        var contact: [SQLQueryString] = []
        if !emails.isEmpty { contact.append("contact_email IN (\(binds: Array(emails)))") }
        if !phones.isEmpty { contact.append("contact_phone IN (\(binds: Array(phones)))") }
        var foundEmails = Set<String>(), foundPhones = Set<String>()
        for condition in contact {
            let found = try await SQLRows.all("""
                SELECT contact_email, contact_phone FROM orders
                WHERE organization_id = \(bind: organizationID) AND customer_id IS NULL AND
                """ + " " + condition, on: database as! any SQLDatabase)
            for row in found {
                if let email = try row.decode(column: "contact_email", as: String?.self) { foundEmails.insert(email) }
                if let phone = try row.decode(column: "contact_phone", as: String?.self) { foundPhones.insert(phone) }
            }
        }
        guard !foundEmails.isEmpty || !foundPhones.isEmpty else { return }
        let linking = GuestOrderLinking(database: database, organization: organization, actor: actor)
        for customer in customers where customer.email.map(foundEmails.contains) == true || customer.phone.map(foundPhones.contains) == true {
            try await linking.link(to: customer)
        }
    }
}
