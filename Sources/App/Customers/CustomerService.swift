import Fluent
import FluentPostgresDriver
import SQLKit
import Vapor

/// Creating, changing and deleting customers: validation, uniqueness, tags, timeline — each in one transaction.
struct CustomerService {
    let database: any Database
    let access: CustomerAccess
    let organization: Organization
    let actor: Actor
    /// When known ahead (an import batch reads them for all its rows at once): the only emails and phones that guest
    /// orders of the organization carry, so that a save looks for guest orders to link only for a customer with one.
    var guestContacts: GuestOrderLinking.GuestContacts? = nil

    var tenant: Tenant { access.tenant }

    static func make(for req: Request, source: String) async throws -> CustomerService {
        let principal = try req.principal
        let access = try CustomerAccess(principal)
        guard let organization = try await req.organization(access.tenant.organizationID) else {
            throw Problem.notFound("organization")
        }
        return CustomerService(database: req.database, access: access, organization: organization,
                               actor: .user(principal.user, source: source))
    }

    /// Whether this caller's creates and saves link the organization's guest orders with the same email or phone:
    /// staff do, a guest user does not (see `insert`).
    var linksGuestOrders: Bool { access.managedByOnly == nil }

    func validator(isCreate: Bool) -> CustomerInputValidator {
        CustomerInputValidator(defaultCountry: organization.defaultCountry, timezone: organization.timezone, isCreate: isCreate)
    }

    func create(_ input: Customer.Input) async throws -> Customer {
        let new = try await prepare(input)
        return try await insert(new.customer, applied: new.applied, tags: new.tags)
    }

    /// A new record checked and built, not yet written: what `create` writes, and what the dashboard checks for possible
    /// duplicates before it does.
    func prepare(_ input: Customer.Input) async throws -> NewCustomer {
        try checkWritable(input)
        var changes = try validator(isCreate: true).validate(input)
        try await checkManager(&changes, isCreate: true)
        return prepareNew(changes, source: input.source.value ?? actor.source)
    }

    /// A new record's first address, checked as the address book checks one (its problems named `address.<field>`); it
    /// is written as the default in the customer's own transaction, so neither is stored without the other.
    func firstAddress(_ input: Address.Input, for customerID: UUID) throws -> Address {
        let address = Address(organizationID: tenant.organizationID, customerID: customerID)
        address.id = UUID.timeOrdered()
        do {
            try AddressInputValidator(defaultCountry: organization.defaultCountry, isCreate: true).apply(input, to: address)
        } catch let problem as Problem where problem.status == .unprocessableEntity {
            throw Problem.validation((problem.errors ?? []).map { .init(field: "address.\($0.field)", message: $0.message) })
        }
        address.isDefault = true
        return address
    }

    /// A new record built from validated changes, not yet written, with what its insert needs besides.
    typealias NewCustomer = (customer: Customer, applied: CustomerChanges.Applied, tags: [String])

    /// A new record built from validated changes, not yet written.
    func prepareNew(_ changes: CustomerChanges, source: String) -> NewCustomer {
        let customer = Customer(organizationID: tenant.organizationID, source: source)
        customer.id = UUID.timeOrdered()
        customer.name = ""
        customer.nameKey = ""
        customer.searchName = ""
        let applied = changes.apply(to: customer, at: Date(), source: source)
        customer.uniqueNameKey = organization.uniqueNameKey(for: customer.nameKey)
        return (customer, applied, changes.tags ?? [])
    }

    /// Inserts a prepared record with its tags and timeline entry.
    func insert(_ customer: Customer, applied: CustomerChanges.Applied, tags: [String], firstAddress: Address? = nil) async throws -> Customer {
        let organization = self.organization
        customer.uniqueNameKey = organization.uniqueNameKey(for: customer.nameKey)
        let actor = self.actor
        let tenant = self.tenant
        let linksGuestOrders = self.linksGuestOrders
        try await CustomerUniqueness(database: database, tenant: tenant).guarding(customer) {
            if try await self.insertAsOneStatement(customer, applied: applied, tags: tags, firstAddress: firstAddress) { return }
            // Rerunnable: every statement below is written as SQL or `RowInsert`, and what it sets on `customer`
            // (its totals, from linked guest orders) is read back from the database on each run.
            try await WriteTransaction.run(on: database, rerunnable: true) { db in
                let now = Date()
                // A guest user's create links no guest orders: anyone's contact details would collect that person's
                // orders and show them to the guest user. Staff link them by saving the customer (`write`).
                let linking = linksGuestOrders ? GuestOrderLinking(database: db, organization: organization, actor: actor) : nil
                try await customer.insert(on: db, at: now, linkingGuestOrders: linking)
                if let firstAddress { try await firstAddress.insertRow(at: now).run(on: db) }
                try await CustomerTags(database: db, tenant: tenant).replace(for: customer, with: tags, isNew: true)
                try await Self.recordCreation(of: customer, applied: applied, at: now, by: actor, on: db)
                let bonuses = LoyaltyBonuses(database: db, organizationID: tenant.organizationID,
                                             program: organization.loyaltyProgram, actor: actor)
                try await bonuses.signup(customer.requireID(), at: now)
                // A new customer held nothing before its bonus.
                if bonuses.givesSignupBonus { customer.loyaltyPoints = organization.loyaltyProgram.signupBonus }
            }
        }
        return customer
    }

    /// PostgreSQL: a new customer whose writes need no answer from the database — no guest orders to link, no
    /// sign-up bonus to post — is written as one statement (`WriteTransaction.runAsOneStatement`): the record, its
    /// first address and tags, its timeline entry and the organization's counters, all or none of them. False, having
    /// written nothing, when it cannot be (the caller then writes in a transaction). Guest orders are looked for first:
    /// when there are any, the transaction links them with the insert.
    private func insertAsOneStatement(_ customer: Customer, applied: CustomerChanges.Applied, tags: [String],
                                      firstAddress: Address?) async throws -> Bool {
        let tenant = self.tenant
        let actor = self.actor
        let bonuses = LoyaltyBonuses(database: database, organizationID: tenant.organizationID,
                                     program: organization.loyaltyProgram, actor: actor)
        guard SQLDialectKind(database) == .postgres, !database.inTransaction, !bonuses.givesSignupBonus else { return false }
        if linksGuestOrders, customer.email != nil || customer.phone != nil {
            // Asked as a prepared statement (`GuestOrderCountStatement`); a database that cannot prepare one writes in a
            // transaction, which links the guest orders itself.
            guard let postgres = database as? any PostgresDatabase else { return false }
            let guestOrders = try await GuestOrderCountStatement(organizationID: tenant.organizationID, email: customer.email,
                                                                 phone: customer.phone).rows(on: postgres).first ?? 0
            if guestOrders > 0 { return false }
        }
        let written = try await WriteTransaction.runAsOneStatement(on: database) { db in
            let now = Date()
            var first = [customer.insertRow(at: now)]
            if let firstAddress { first.append(firstAddress.insertRow(at: now)) }
            first += CustomerTags.rows(organizationID: tenant.organizationID, customerID: try customer.requireID(), tags: tags)
            try await Self.recordCreation(of: customer, applied: applied, at: now, by: actor, on: db)
            return first
        }
        if written { customer._$id.exists = true }
        return written
    }

    /// What every new customer adds besides its own rows, in either way of writing it: one to the organization's
    /// count and to its sign-up bucket, and the timeline entry (all collected for the end of the write,
    /// `DeferredWrites`).
    private static func recordCreation(of customer: Customer, applied: CustomerChanges.Applied, at now: Date, by actor: Actor,
                                       on db: any Database) async throws {
        try await CustomerCounter(database: db).add(1, to: customer.organizationID)
        try await CustomerSignups(database: db).add(1, at: now, to: customer.organizationID)
        try await CustomerTimeline(database: db, actor: actor).recordChange(applied, customer: customer, created: true)
    }

    func update(_ id: UUID, _ input: Customer.Input, ifMatch: Int?) async throws -> Customer {
        try checkWritable(input)
        var changes = try validator(isCreate: false).validate(input)
        try await checkManager(&changes, isCreate: false)
        let customer = try await access.require(id, on: database)
        if let ifMatch, ifMatch != customer.version { throw Self.stale(customer.version) }
        return try await write(changes, to: customer, strictVersion: ifMatch != nil)
    }

    /// Writers a change without `If-Match` yields to before it gives up (each is one more committed write).
    static let lastWriterAttempts = 8

    /// Applies validated changes with an optimistic version check. With `strictVersion` (the client sent `If-Match`) a
    /// racing writer means 412; without, the last writer wins: the changes are applied again to what the racing writer
    /// committed, a few times at most.
    func write(_ changes: CustomerChanges, to customer: Customer, strictVersion: Bool) async throws -> Customer {
        var current = customer
        for attempt in 1... {
            do {
                return try await writeOnce(changes, to: current, strictVersion: strictVersion)
            } catch let problem as Problem where problem.status == .preconditionFailed && !strictVersion
                && attempt < Self.lastWriterAttempts {
                current = try await access.require(try customer.requireID(), on: database)
            }
        }
        preconditionFailure("the loop returns or throws")
    }

    private func writeOnce(_ changes: CustomerChanges, to customer: Customer, strictVersion: Bool) async throws -> Customer {
        let applied = changes.apply(to: customer, at: Date(), source: actor.source)
        guard !applied.fields.isEmpty else { return customer }
        var stored = applied.fields
        if customer.accountID != nil, actor.source != AccountRecords.actor.source {
            // The organization's side of a linked record: the person's language stands, and an inherited field staff
            // change no longer follows the account.
            if applied.fields.contains("preferred_language"), try await AccountRecords.languageIsLocked(customer, on: database) {
                throw Problem.conflict("The customer chose this language in their account; it changes only there",
                                       field: "preferred_language")
            }
            if AccountOverrides.markStaffChange(applied.fields, on: customer) { stored += ["overridden_fields", "account_conflicts"] }
        }
        let storedFields = stored
        customer.uniqueNameKey = organization.uniqueNameKey(for: customer.nameKey)
        let expected = customer.version
        let actor = self.actor
        let tenant = self.tenant
        let linksGuestOrders = self.linksGuestOrders && guestContacts?.mayHaveOrders(customer) != false
        let organization = self.organization
        try await CustomerUniqueness(database: database, tenant: tenant).guarding(customer, changed: applied.fields) {
            try await WriteTransaction.run(on: database) { db in
                // The version check, the row's lock and the changed columns: one statement.
                customer.version = expected + 1
                guard try await customer.storeChanges(storedFields, at: Date(), expectedVersion: expected, on: db) else {
                    customer.version = expected
                    throw Self.stale(nil)
                }
                if let tags = changes.tags { try await CustomerTags(database: db, tenant: tenant).replace(for: customer, with: tags) }
                try await CustomerTimeline(database: db, actor: actor).recordChange(applied, customer: customer, created: false)
                // Staff saving a customer confirm it: guest orders with its email or phone become its own (also those a
                // guest user's create left unlinked).
                if linksGuestOrders {
                    try await GuestOrderLinking(database: db, organization: organization, actor: actor).link(to: customer)
                }
            }
        }
        return customer
    }

    func delete(_ id: UUID, ifMatch: Int?) async throws {
        let customer = try await access.require(id, on: database)
        if let ifMatch, ifMatch != customer.version { throw Self.stale(customer.version) }
        let tenant = self.tenant
        try await WriteTransaction.run(on: database) { db in
            try await CustomerReferences.release(customer.id!, organizationID: tenant.organizationID, on: db)
            let deleted = try await SQLRows.all("""
                DELETE FROM customers WHERE id = \(bind: customer.id!) AND organization_id = \(bind: tenant.organizationID)
                AND version = \(bind: customer.version) RETURNING seq
                """, on: try db.sql)
            guard !deleted.isEmpty else { throw Self.stale(nil) }
            try await CustomerCounter(database: db).add(-1, to: tenant.organizationID)
            if let created = customer.createdAt {
                try await CustomerSignups(database: db).add(-1, at: created, to: tenant.organizationID)
            }
            try await tenant.query(CustomerEvent.self, on: db).filter(\.$customerID == customer.id!).delete()
        }
    }

    static func stale(_ current: Int?) -> Problem {
        Problem(.preconditionFailed, type: ProblemType.preconditionFailed,
                detail: "The customer was changed since you read it" + (current.map { " (now version \($0))" } ?? "")
                    + "; read it again and retry")
    }

    /// A caller writes only what it may read: a guest user does not see the staff's notes, so it cannot set or clear
    /// them either.
    func checkWritable(_ input: Customer.Input) throws {
        if !access.seesNotes, !input.notes.isAbsent {
            throw Problem(.forbidden, type: ProblemType.forbidden, detail: "Your role (\(access.principal.role.rawValue)) cannot write notes",
                          errors: [.init(field: "notes", message: "is not writable by your role")])
        }
    }

    /// `managed_by` must name a guest user of this organization; a guest user manages what it creates.
    func checkManager(_ changes: inout CustomerChanges, isCreate: Bool) async throws {
        if let guest = access.managedByOnly {
            if let requested = changes.managedByID, requested != guest {
                throw Problem.forbidden("A guest user cannot assign customers to someone else")
            }
            if isCreate { changes.managedByID = .some(guest) }
            return
        }
        guard case let .some(.some(managerID)) = changes.managedByID else { return }
        let manager = try await tenant.query(User.self, on: database).filter(\.$id == managerID).first()
        guard let manager, manager.role == .guest else {
            throw Problem.invalid("managed_by", "must be a guest user of this organization")
        }
    }
}
