import Fluent
import SQLKit
import Vapor

/// The staff's changes to a record linked to a customer account, for the API and the dashboard alike: an overridden
/// field inherited from the account again, and the link undone. The customer write rules apply (403 before 404).
struct LinkedRecordChanges {
    let service: CustomerService

    static func make(for req: Request, source: String) async throws -> LinkedRecordChanges {
        let service = try await CustomerService.make(for: req, source: source)
        try service.access.principal.require(.writeCustomers)
        return LinkedRecordChanges(service: service)
    }

    var database: any Database { service.database }

    /// The linked record `id` as the caller may see it; 409 when it is not linked.
    func requireLinked(_ id: UUID) async throws -> Customer {
        let customer = try await service.access.require(id, on: database)
        guard customer.accountID != nil else {
            throw Problem.conflict("This customer is not linked to a customer account", field: "account")
        }
        return customer
    }

    /// Inherits `field` from the account again: the mark goes, and the account's value flows into the record.
    func inherit(_ field: String, of id: UUID) async throws -> Customer {
        guard AccountProfile.fields.contains(field) else {
            throw Problem.invalid("field", "must be an inherited field: \(AccountProfile.fields.joined(separator: ", "))")
        }
        let customer = try await requireLinked(id)
        guard let accountID = customer.accountID else { return customer }
        let remaining = AccountOverrides.fields(customer).filter { $0 != field }
        if remaining.count != AccountOverrides.fields(customer).count {
            AccountOverrides.setFields(remaining, on: customer)
            let json = customer.overriddenFieldsJSON
            let actor = service.actor
            try await WriteTransaction.run(on: database) { db in
                let rows = try await SQLRows.all("""
                    UPDATE customers SET overridden_fields = \(bind: json), version = version + 1, updated_at = \(bind: Date())
                    WHERE organization_id = \(bind: customer.organizationID) AND id = \(bind: customer.requireID()) RETURNING version
                    """, on: try db.sql)
                if let row = rows.first { customer.version = try row.decode(column: "version", as: Int.self) }
                try await CustomerTimeline(database: db, actor: actor).record(.overrideCleared, customer: customer, details: ["field": .string(field)])
            }
        }
        guard let account = try await Account.find(accountID, on: database) else { return customer }
        let records = AccountRecords(database: database)
        return try await records.flow(account, fields: [field], into: customer,
                                      service: records.service(in: service.organization, accountID: accountID))
    }

    /// Unlinks the record from its account: it stays in the organization, with nothing of the account.
    func unlink(_ id: UUID) async throws -> Customer {
        let customer = try await requireLinked(id)
        try await AccountRecords(database: database).unlink(customer, actor: service.actor)
        return customer
    }
}
