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
    /// The contacts guest orders carry among every email and phone of the items, when the caller read them already
    /// (an import's batch does, for its matched rows too): the insert then does not look them up again.
    var guestContacts: GuestOrderLinking.GuestContacts? = nil

    /// A new customer of a batch: who it is, for matching later rows and linking guest orders, and the rows that
    /// write it.
    struct Item: Sendable {
        let id: UUID
        let email: String?
        let phone: String?
        let nameKey: String
        var rows: Rows
        /// An opening points balance from the file (an `adjust` entry with reason `import`).
        var openingPoints = 0
    }

    /// The rows that write one new customer — the customer, its tags, its `created` timeline entries — built ahead of
    /// the statements that write them (an import builds them on its reading thread).
    struct Rows: Sendable {
        var customer: RowInsert
        var tags: [RowInsert]
        var timeline: [RowInsert]
        /// Its default address, when the import file has one.
        var addresses: [RowInsert] = []
        /// The customer's `created_at`, which its sign-up is counted under.
        let createdAt: Date
    }

    /// The new customer `changes` make (as `CustomerService.create` would, without a model: `CustomerDraft`), with the
    /// rows that write it created at `date`, their values typed for `dialect` ahead.
    func item(for changes: CustomerChanges, source: String, at date: Date, for dialect: SQLDialectKind) throws -> Item {
        var draft = CustomerDraft(organizationID: try organization.requireID(), source: source)
        let applied = changes.apply(to: &draft, at: date, source: source)
        draft.uniqueNameKey = organization.uniqueNameKey(for: draft.nameKey)
        var rows = Rows(
            customer: try draft.insertRow(at: date, for: dialect),
            tags: CustomerTags.rows(organizationID: draft.organizationID, customerID: draft.id, tags: changes.tags ?? []),
            timeline: try CustomerTimeline.rows(for: applied, draft: draft, at: date, actor: actor),
            createdAt: date)
        for index in rows.tags.indices { try rows.tags[index].prepare(for: dialect) }
        for index in rows.timeline.indices { try rows.timeline[index].prepare(for: dialect) }
        return Item(id: draft.id, email: draft.email, phone: draft.phone, nameKey: draft.nameKey, rows: rows)
    }

    /// Writes `items`.
    func run(_ items: [Item]) async throws {
        guard !items.isEmpty else { return }
        let organizationID = try organization.requireID()
        let rows = items.map(\.rows)
        for start in stride(from: 0, to: rows.count, by: Self.rowsPerStatement) {
            try await RowInsert.run(rows[start..<min(start + Self.rowsPerStatement, rows.count)].map(\.customer), on: database)
        }
        let addressRows = rows.flatMap(\.addresses)
        for start in stride(from: 0, to: addressRows.count, by: 1_000) {
            try await RowInsert.run(Array(addressRows[start..<min(start + 1_000, addressRows.count)]), on: database)
        }
        try await CustomerCounter(database: database).add(items.count, to: organizationID)
        for (createdAt, count) in Dictionary(grouping: rows, by: \.createdAt).mapValues(\.count).sorted(by: { $0.key < $1.key }) {
            try await CustomerSignups(database: database).add(count, at: createdAt, to: organizationID)
        }
        let tagRows = rows.flatMap(\.tags)
        for start in stride(from: 0, to: tagRows.count, by: 2_000) {
            try await RowInsert.run(Array(tagRows[start..<min(start + 2_000, tagRows.count)]), on: database)
        }
        let entries = rows.flatMap(\.timeline)
        for start in stride(from: 0, to: entries.count, by: 2_000) {
            try await RowInsert.run(Array(entries[start..<min(start + 2_000, entries.count)]), on: database)
        }
        try await grantPoints(to: items, organizationID: organizationID)
        try await linkGuestOrders(to: items, organizationID: organizationID)
    }

    /// The sign-up bonus and any opening balance of the new customers, in a few multi-row statements.
    private func grantPoints(to items: [Item], organizationID: UUID) async throws {
        let program = organization.loyaltyProgram
        let bonuses = LoyaltyBonuses(database: database, organizationID: organizationID, program: program, actor: actor)
        guard bonuses.givesSignupBonus || items.contains(where: { $0.openingPoints > 0 }) else { return }
        var grants: [(customerID: UUID, postings: [LoyaltyLedger.Posting])] = []
        for item in items {
            var postings: [LoyaltyLedger.Posting] = []
            if bonuses.givesSignupBonus {
                postings.append(.init(kind: .bonus, points: program.signupBonus, reason: LoyaltyBonuses.signupReason,
                                      bonusKey: LoyaltyBonuses.signupKey))
            }
            if item.openingPoints > 0 { postings.append(.init(kind: .adjust, points: item.openingPoints, reason: "import")) }
            if !postings.isEmpty { grants.append((item.id, postings)) }
        }
        try await bonuses.grantNew(grants)
    }

    /// One query finds whether any of these people ordered as a guest before; only those few are linked one by one.
    private func linkGuestOrders(to items: [Item], organizationID: UUID) async throws {
        let emails = Set(items.compactMap(\.email))
        let phones = Set(items.compactMap(\.phone))
        guard !emails.isEmpty || !phones.isEmpty else { return }
        let found: GuestOrderLinking.GuestContacts
        if let guestContacts {
            found = guestContacts
        } else {
            found = try await GuestOrderLinking.contactsWithGuestOrders(emails: emails, phones: phones,
                                                                      organizationID: organizationID, on: database)
        }
        guard !found.emails.isEmpty || !found.phones.isEmpty else { return }
        let linking = GuestOrderLinking(database: database, organization: organization, actor: actor)
        let tenant = Tenant(organizationID: organizationID)
        for item in items where found.mayHaveOrders(email: item.email, phone: item.phone) {
            // The few who ordered as guests before: their records, as just written, take the orders and their totals.
            guard let customer = try await tenant.find(Customer.self, id: item.id, on: database) else { continue }
            try await linking.link(to: customer)
        }
    }
}
