import Fluent
import SQLKit
import Vapor

/// The customer records of an account, one per linked organization: joining an organization (the record with the
/// account's verified email, else a new one through intake), unlinking, and the account's profile flowing into each
/// record — one transaction per record, skipping the fields its organization overrode, and recording as a conflict for
/// its staff a change that would break one of its rules instead of failing the person's change.
struct AccountRecords {
    let database: any Database

    /// Who the timeline names for the person's own changes.
    static let actor = Actor(userID: nil, name: "the customer", source: "customer")

    struct Link: Sendable {
        let organizationID: UUID
        let customerID: UUID
    }

    /// The account's records, one per organization.
    func links(of accountID: UUID) async throws -> [Link] {
        try await SQLRows.all("""
            SELECT organization_id, id FROM customers WHERE account_id = \(bind: accountID) ORDER BY account_linked_at, id
            """, on: try database.sql).map {
            Link(organizationID: try $0.decode(column: "organization_id", as: UUID.self), customerID: try $0.decode(column: "id", as: UUID.self))
        }
    }

    /// The account's record in `organizationID`, or 404 (also for an organization the account is not linked to).
    func record(of accountID: UUID, in organizationID: UUID) async throws -> Customer {
        guard let customer = try await Tenant(organizationID: organizationID)
            .select(Customer.self, where: "account_id = \(bind: accountID)", suffix: " LIMIT 1", on: database).first
        else { throw Problem.notFound("link") }
        return customer
    }

    /// The customer service that writes the person's own changes into its record of `organization`.
    func service(in organization: Organization, accountID: UUID) -> CustomerService {
        // The person acts on its own record only: a stand-in principal with the organization's full view, never stored,
        // whose every use here is scoped to that record.
        let standIn = User(organizationID: organization.id, email: "account@clientele.invalid", name: "the customer",
                           role: .dispatcher, passwordHash: "")
        standIn.id = accountID
        let principal = Principal(user: standIn, tokenID: accountID, organizationID: organization.id)
        return CustomerService(database: database, access: try! CustomerAccess(principal), organization: organization, actor: Self.actor)
    }

    /// Joins `organization`: links the record with the account's verified email, or creates one through intake.
    /// Answers the record and whether the link is new.
    func join(_ account: Account, organization: Organization) async throws -> (customer: Customer, isNew: Bool) {
        guard account.isVerified else {
            throw Problem.forbidden("Verify your email address first: a record is linked only by a verified address")
        }
        let accountID = try account.requireID()
        let organizationID = try organization.requireID()
        let tenant = Tenant(organizationID: organizationID)
        if let linked = try await tenant.select(Customer.self, where: "account_id = \(bind: accountID)", suffix: " LIMIT 1",
                                                on: database).first {
            return (linked, false)
        }
        let service = service(in: organization, accountID: accountID)
        var customer: Customer
        if let existing = try await tenant.select(Customer.self, where: "email = \(bind: account.email)", suffix: " LIMIT 1",
                                                  on: database).first {
            guard existing.accountID == nil else {
                throw Problem.conflict("This organization's record with your email is linked to another account", field: "organization")
            }
            customer = existing
        } else {
            var input = Customer.Input()
            input.name = .value(Self.displayName(account))
            input.email = .value(account.email)
            input.source = .value("account")
            do {
                customer = try await service.create(input)
            } catch let problem as Problem where problem.status == .conflict {
                // The same person joined from another request a moment ago.
                guard let raced = try await tenant.select(Customer.self, where: "email = \(bind: account.email)", suffix: " LIMIT 1",
                                                          on: database).first, raced.accountID == nil || raced.accountID == accountID
                else { throw problem }
                customer = raced
            }
        }
        let now = Date()
        let joining = customer
        let linked = try await WriteTransaction.run(on: database) { db -> Bool in
            let customer = joining
            let rows = try await SQLRows.all("""
                UPDATE customers SET account_id = \(bind: accountID), account_linked_at = \(bind: now), overridden_fields = '[]',
                account_conflicts = '[]', version = version + 1, updated_at = \(bind: now)
                WHERE organization_id = \(bind: organizationID) AND id = \(bind: customer.requireID()) AND account_id IS NULL
                RETURNING version
                """, on: try db.sql)
            guard let row = rows.first else { return false }
            customer.version = try row.decode(column: "version", as: Int.self)
            customer.accountID = accountID
            customer.accountLinkedAt = now
            try await CustomerTimeline(database: db, actor: Self.actor).record(.accountLinked, customer: customer, details: [:], at: now)
            // Guest orders with the account's verified email become the record's, as a staff save would link them.
            try await GuestOrderLinking(database: db, organization: organization, actor: Self.actor).link(to: customer)
            return true
        }
        guard linked else { return try await (record(of: accountID, in: organizationID), false) }
        let fields = AccountProfile.fields.filter { account.value(of: $0) != nil }
        customer = try await flow(account, fields: fields, into: customer, service: service)
        return (customer, true)
    }

    /// Unlinks the record: it stays in its organization, with nothing of the account.
    func unlink(_ customer: Customer, actor: Actor) async throws {
        let now = Date()
        try await WriteTransaction.run(on: database) { db in
            let rows = try await SQLRows.all("""
                UPDATE customers SET account_id = NULL, account_linked_at = NULL, overridden_fields = '[]', account_conflicts = '[]',
                version = version + 1, updated_at = \(bind: now)
                WHERE organization_id = \(bind: customer.organizationID) AND id = \(bind: customer.requireID()) AND account_id IS NOT NULL
                RETURNING version
                """, on: try db.sql)
            guard !rows.isEmpty else { return }
            try await CustomerTimeline(database: db, actor: actor).record(.accountUnlinked, customer: customer, details: [:], at: now)
        }
    }

    /// The account's values of `fields` written into every linked record (`flow(_:fields:into:service:)` each), the
    /// records side by side: each is its own transaction, and on SQLite the write gate commits those that arrive
    /// together in one group.
    func flowEverywhere(_ account: Account, fields: [String]) async throws {
        guard !fields.isEmpty else { return }
        let accountID = try account.requireID()
        let links = try await links(of: accountID)
        let snapshot = AccountSnapshot(account)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for link in links {
                group.addTask {
                    guard let organization = try await Organization.load(link.organizationID, on: database),
                          let customer = try await Tenant(organizationID: link.organizationID)
                            .select(Customer.self, where: "id = \(bind: link.customerID)", suffix: " LIMIT 1", on: database).first
                    else { return }
                    _ = try await flow(snapshot.account, fields: fields, into: customer,
                                       service: service(in: organization, accountID: accountID))
                }
            }
            try await group.waitForAll()
        }
    }

    /// Writes the account's values of `fields` into one record, except the overridden ones; a field the organization's
    /// rules refuse (a phone another customer there has) becomes a conflict on the record, with a timeline entry.
    func flow(_ account: Account, fields: [String], into record: Customer, service: CustomerService) async throws -> Customer {
        var customer = record
        let overridden = AccountOverrides.fields(customer)
        var remaining = fields.filter { !overridden.contains($0) }
        var refused: [AccountOverrides.Conflict] = []
        var attempts = 0
        while !remaining.isEmpty, attempts < AccountProfile.fields.count + 2 {
            attempts += 1
            do {
                customer = try await service.write(AccountProfile.customerChanges(account, fields: remaining), to: customer,
                                                   strictVersion: false)
                break
            } catch let problem as Problem where [.conflict, .unprocessableEntity, .preconditionFailed].contains(problem.status) {
                let failed = (problem.errors ?? []).filter { remaining.contains($0.field) }
                if problem.status != .preconditionFailed {
                    guard !failed.isEmpty else { throw problem }
                    for error in failed {
                        refused.append(.init(field: error.field, value: account.value(of: error.field), reason: error.message, at: Date()))
                    }
                    remaining.removeAll { field in failed.contains { $0.field == field } }
                }
                // The failed attempt changed the record in memory: read it again.
                customer = try await Tenant(organizationID: customer.organizationID)
                    .select(Customer.self, where: "id = \(bind: customer.requireID())", suffix: " LIMIT 1", on: database).first ?? customer
            }
        }
        // Conflicts: the refused fields now, and none any longer for the fields that flowed.
        let before = AccountOverrides.conflicts(customer)
        let flowed = Set(remaining)
        let refusedFields = Set(refused.map(\.field))
        let after = before.filter { !flowed.contains($0.field) && !refusedFields.contains($0.field) } + refused
        guard after != before else { return customer }
        AccountOverrides.setConflicts(after, on: customer)
        let conflictsJSON = customer.accountConflictsJSON
        let written = customer
        let newlyRefused = refused
        try await WriteTransaction.run(on: database) { db in
            let customer = written
            let rows = try await SQLRows.all("""
                UPDATE customers SET account_conflicts = \(bind: conflictsJSON), version = version + 1, updated_at = \(bind: Date())
                WHERE organization_id = \(bind: customer.organizationID) AND id = \(bind: customer.requireID()) RETURNING version
                """, on: try db.sql)
            if let row = rows.first { customer.version = try row.decode(column: "version", as: Int.self) }
            for conflict in newlyRefused {
                try await CustomerTimeline(database: db, actor: Self.actor).record(.accountConflict, customer: customer, details: [
                    "field": .string(conflict.field), "reason": .string(conflict.reason),
                ])
            }
        }
        return customer
    }

    /// Whether the record's account has chosen its language (no organization's change then overwrites it).
    static func languageIsLocked(_ customer: Customer, on database: any Database) async throws -> Bool {
        guard let accountID = customer.accountID else { return false }
        return try await SQLRows.first("""
            SELECT 1 AS locked FROM accounts WHERE id = \(bind: accountID) AND preferred_language IS NOT NULL
            """, on: try database.sql) != nil
    }

    /// The name a new record gets: the account's, else its first and last names, else the email's local part.
    static func displayName(_ account: Account) -> String {
        if let name = account.name, !name.isEmpty { return name }
        let parts = [account.firstName, account.lastName].compactMap { $0 }.filter { !$0.isEmpty }
        if !parts.isEmpty { return parts.joined(separator: " ") }
        return String(account.email.split(separator: "@").first ?? "Customer")
    }
}

/// An account read by several flows at once: they only read it.
private struct AccountSnapshot: @unchecked Sendable {
    let account: Account
    init(_ account: Account) { self.account = account }
}
