import Fluent
import Foundation
import SQLKit

/// The right to be forgotten: removes a person everywhere they were held — the record, addresses, tags, timeline,
/// contact copies on orders and tasks, cached idempotent answers, the search index — in one transaction. Orders
/// stay for the books with amounts and dates, under an anonymous placeholder. The erasure itself is recorded.
struct CustomerEraser {
    static let placeholderName = "Erased customer"

    let database: any Database
    let tenant: Tenant
    let erasedBy: UUID?

    /// What an erasure keeps of the person's contact details: their SHA-256, enough for an import that was already
    /// running to recognise and skip the person (`ImportErasures`), and nothing to read them back by.
    static func contactHashes(email: String?, phone: String?) -> [String] {
        [email.map { TokenService.hash("email:" + $0) }, phone.map { TokenService.hash("phone:" + $0) }].compactMap { $0 }
    }

    func erase(_ customer: Customer, reason: String) async throws -> CustomerErasure {
        let tenant = self.tenant
        let id = try customer.requireID()
        let contacts = [customer.email, customer.phone].compactMap { $0 }
        let record = CustomerErasure(organizationID: tenant.organizationID, customerID: id, erasedByID: erasedBy,
                                     reason: reason, at: Date())
        record.id = UUID()
        record.contactHashes = Self.contactHashes(email: customer.email, phone: customer.phone).joined(separator: " ")
        try await WriteTransaction.run(on: database) { db in
            let sql = try db.sql
            let org = tenant.organizationID
            // The customer's row lock first: an order being placed for this customer holds it until it commits (see
            // `CustomerTotals.lock`), so the statements below see that order; one placed after this waits, then finds
            // no customer.
            let locked = try await sql.raw("""
                UPDATE customers SET version = version WHERE id = \(bind: id) AND organization_id = \(bind: org) RETURNING id
                """).all()
            guard !locked.isEmpty else { throw Problem.notFound("customer") }
            var orderMatch: SQLQueryString = "customer_id = \(bind: id)"
            if let email = customer.email { orderMatch = orderMatch + " OR contact_email = \(bind: email)" }
            if let phone = customer.phone { orderMatch = orderMatch + " OR contact_phone = \(bind: phone)" }
            // Tasks first, while their orders still name the person: a task of the person's order holds their name,
            // phone, addresses and notes even when the task itself names no customer.
            var taskMatch: SQLQueryString = "customer_id = \(bind: id) OR order_id IN (SELECT id FROM orders WHERE organization_id = \(bind: org) AND ("
                + orderMatch + "))"
            if let phone = customer.phone { taskMatch = taskMatch + " OR contact_phone = \(bind: phone)" }
            // The messages written for the person hold their address, name and order numbers: they go, with those
            // of the person's tasks and any sent to their address.
            var notificationMatch: SQLQueryString = "customer_id = \(bind: id) OR task_id IN (SELECT id FROM tasks WHERE organization_id = \(bind: org) AND ("
                + taskMatch + "))"
            for contact in contacts { notificationMatch = notificationMatch + " OR recipient = \(bind: contact)" }
            try await sql.raw("DELETE FROM notifications WHERE organization_id = \(bind: org) AND (" + notificationMatch + ")").run()
            try await sql.raw("""
                UPDATE tasks SET customer_id = NULL, contact_name = NULL, contact_phone = NULL, pickup = NULL,
                dropoff = NULL, notes = NULL, version = version + 1
                WHERE organization_id = \(bind: org) AND (
                """ + taskMatch + ")").run()
            try await sql.raw("""
                UPDATE orders SET customer_id = NULL, contact_name = \(bind: Self.placeholderName), contact_email = NULL,
                contact_phone = NULL, version = version + 1 WHERE organization_id = \(bind: org) AND (
                """ + orderMatch + ")").run()
            // Loyalty keeps its sums without the person: the entries stay (customer_id goes with the row below),
            // stripped of the reasons staff typed; gift cards stay with their balances, without owner or note.
            try await sql.raw("""
                UPDATE loyalty_entries SET reason = NULL, remaining = 0 WHERE organization_id = \(bind: org) AND customer_id = \(bind: id)
                AND kind IN ('adjust', 'redeem')
                """).run()
            try await sql.raw("""
                UPDATE loyalty_entries SET remaining = 0 WHERE organization_id = \(bind: org) AND customer_id = \(bind: id)
                """).run()
            try await sql.raw("""
                UPDATE gift_cards SET customer_id = NULL, note = NULL WHERE organization_id = \(bind: org) AND customer_id = \(bind: id)
                """).run()
            for table in ["addresses", "customer_events", "customer_tags"] {
                try await sql.raw("DELETE FROM \(ident: table) WHERE organization_id = \(bind: org) AND customer_id = \(bind: id)").run()
            }
            // Merge records hold full snapshots: the person's own (removed in a merge), and those of the records merged
            // into theirs (the same person). They go; the merge stays as a fact, and can no longer be undone.
            let merges: SQLQueryString = """
                SELECT merge_id FROM customer_merge_sources WHERE organization_id = \(bind: org) AND customer_id = \(bind: id)
                UNION SELECT id FROM customer_merges WHERE organization_id = \(bind: org) AND into_id = \(bind: id)
                """
            try await sql.raw("UPDATE customer_merge_sources SET snapshot = NULL WHERE organization_id = \(bind: org) AND merge_id IN ("
                + merges + ")").run()
            try await sql.raw("UPDATE customer_merges SET kept_before = NULL, erased_at = \(bind: Date()) WHERE organization_id = \(bind: org) AND id IN ("
                + merges + ")").run()
            for needle in [id.canonicalString, id.uuidString] + contacts {
                try await sql.raw("""
                    DELETE FROM idempotency_keys WHERE organization_id = \(bind: org) AND body LIKE \(bind: "%" + needle + "%")
                    """).run()
            }
            try await CustomerReferences.release(id, organizationID: org, on: db)
            let deleted = try await sql.raw("""
                DELETE FROM customers WHERE id = \(bind: id) AND organization_id = \(bind: org) RETURNING id
                """).all()
            guard !deleted.isEmpty else { throw Problem.notFound("customer") }
            try await CustomerCounter(database: db).add(-1, to: org)
            try await record.create(on: db)
        }
        // SQLite keeps the old pages in the write-ahead log until a checkpoint copies them back and truncates it.
        try await WALCheckpointer.truncate(database)
        return record
    }
}
