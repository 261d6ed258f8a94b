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

    func erase(_ customer: Customer, reason: String) async throws -> CustomerErasure {
        let tenant = self.tenant
        let id = try customer.requireID()
        let contacts = [customer.email, customer.phone].compactMap { $0 }
        let record = CustomerErasure(organizationID: tenant.organizationID, customerID: id, erasedByID: erasedBy,
                                     reason: reason, at: Date())
        record.id = UUID()
        try await WriteTransaction.run(on: database) { db in
            let sql = db as! any SQLDatabase
            let org = tenant.organizationID
            var orderMatch: SQLQueryString = "customer_id = \(bind: id)"
            if let email = customer.email { orderMatch = orderMatch + " OR contact_email = \(bind: email)" }
            if let phone = customer.phone { orderMatch = orderMatch + " OR contact_phone = \(bind: phone)" }
            try await sql.raw("""
                UPDATE orders SET customer_id = NULL, contact_name = \(bind: Self.placeholderName), contact_email = NULL,
                contact_phone = NULL, version = version + 1 WHERE organization_id = \(bind: org) AND (
                """ + orderMatch + ")").run()
            try await sql.raw("""
                UPDATE tasks SET customer_id = NULL, contact_name = NULL, contact_phone = NULL, pickup = NULL,
                dropoff = NULL, notes = NULL, version = version + 1
                WHERE organization_id = \(bind: org) AND customer_id = \(bind: id)
                """).run()
            for table in ["addresses", "customer_events", "customer_tags"] {
                try await sql.raw("DELETE FROM \(ident: table) WHERE organization_id = \(bind: org) AND customer_id = \(bind: id)").run()
            }
            for needle in [id.uuidString.lowercased(), id.uuidString] + contacts {
                try await sql.raw("""
                    DELETE FROM idempotency_keys WHERE organization_id = \(bind: org) AND body LIKE \(bind: "%" + needle + "%")
                    """).run()
            }
            let deleted = try await sql.raw("""
                DELETE FROM customers WHERE id = \(bind: id) AND organization_id = \(bind: org) RETURNING id
                """).all()
            guard !deleted.isEmpty else { throw Problem.notFound("customer") }
            try await CustomerCounter(database: db).add(-1, to: org)
            try await record.create(on: db)
        }
        return record
    }
}
