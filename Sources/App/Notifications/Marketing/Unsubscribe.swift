import Fluent
import Foundation

/// One click on a marketing email's unsubscribe link (or the mail client's RFC 8058 POST) opts the customer out of
/// marketing email, with source `unsubscribe_link` in its consent history (the timeline).
struct Unsubscribe {
    let database: any Database

    struct Subject: Sendable {
        let organizationName: String
        let customerID: UUID?
        let organizationID: UUID
    }

    /// Whose link this is; nil for a token no marketing email carried.
    func subject(of token: String) async throws -> Subject? {
        guard UnsubscribeToken.isWellFormed(token),
              let row = try await SQLRows.first("""
                SELECT notifications.customer_id, notifications.organization_id, organizations.name FROM notifications
                JOIN organizations ON organizations.id = notifications.organization_id
                WHERE notifications.unsubscribe_token = \(bind: token) LIMIT 1
                """, on: try database.sql, byKey: true)
        else { return nil }
        return Subject(organizationName: try row.decode(column: "name", as: String.self),
                       customerID: try row.decode(column: "customer_id", as: UUID?.self),
                       organizationID: try row.decode(column: "organization_id", as: UUID.self))
    }

    /// Opts out the customer whose link `subject` is (again is fine).
    func optOut(_ subject: Subject) async throws {
        guard let customerID = subject.customerID else { return }
        let tenant = Tenant(organizationID: subject.organizationID)
        try await WriteTransaction.run(on: database) { db in
            let now = Date()
            let changed = try await SQLRows.all("""
                UPDATE customers SET email_opt_in = \(bind: false), email_opt_in_at = \(bind: now),
                email_opt_in_source = 'unsubscribe_link', version = version + 1, updated_at = \(bind: now)
                WHERE id = \(bind: customerID) AND organization_id = \(bind: tenant.organizationID) AND email_opt_in = \(bind: true)
                RETURNING id
                """, on: try db.sql)
            guard !changed.isEmpty, let customer = try await tenant.find(Customer.self, id: customerID, on: db) else { return }
            try await CustomerTimeline(database: db, actor: Actor(userID: nil, name: nil, source: "unsubscribe_link"))
                .record(.marketingChanged, customer: customer, details: [
                    "channel": "email", "opt_in": false, "source": "unsubscribe_link",
                ], at: now)
        }
    }
}
