import Fluent
import SQLKit
import Vapor

/// What the person does with each link besides orders: its address book (the staff address book's rules), its
/// loyalty (balance, ledger, the rewards it may redeem), its in-app messages, a data export of everything about the
/// person, and the erasure request.
struct AccountSelfService {
    let database: any Database
    let account: Account

    var accountID: UUID { account.id! }
    var records: AccountRecords { AccountRecords(database: database) }

    func addressBook(_ organizationID: UUID) async throws -> (AddressBook, Customer) {
        let customer = try await records.record(of: accountID, in: organizationID)
        guard let organization = try await Organization.load(organizationID, on: database) else { throw Problem.notFound("link") }
        return (AddressBook(database: database, tenant: Tenant(organizationID: organizationID), defaultCountry: organization.defaultCountry),
                customer)
    }

    func loyalty(_ organizationID: UUID) async throws -> (LoyaltyService, Customer) {
        let customer = try await records.record(of: accountID, in: organizationID)
        guard let organization = try await Organization.load(organizationID, on: database) else { throw Problem.notFound("link") }
        return (LoyaltyService(database: database, tenant: Tenant(organizationID: organizationID), organization: organization,
                               actor: AccountRecords.actor), customer)
    }

    /// A ledger line as the person sees it: no staff names.
    struct LedgerEntry: Content {
        let id: UUID
        let kind: String
        let points: Int
        let balanceAfter: Int
        let reason: String?
        let orderID: UUID?
        let rewardID: UUID?
        let expiresAt: Date?
        let createdAt: Date

        init(_ entry: LoyaltyEntry) {
            id = entry.id
            kind = entry.kind.rawValue
            points = entry.points
            balanceAfter = entry.balanceAfter
            reason = entry.reason
            orderID = entry.orderID
            rewardID = entry.rewardID
            expiresAt = entry.expiresAt
            createdAt = entry.createdAt
        }

        enum CodingKeys: String, CodingKey {
            case id, kind, points, reason
            case balanceAfter = "balance_after", orderID = "order_id", rewardID = "reward_id", expiresAt = "expires_at"
            case createdAt = "created_at"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(kind, forKey: .kind)
            try c.encode(points, forKey: .points)
            try c.encode(balanceAfter, forKey: .balanceAfter)
            try c.encode(reason, forKey: .reason)
            try c.encode(orderID, forKey: .orderID)
            try c.encode(rewardID, forKey: .rewardID)
            try c.encode(expiresAt, forKey: .expiresAt)
            try c.encode(createdAt, forKey: .createdAt)
        }
    }

    /// The organization's active rewards, cheapest first.
    func rewards(_ organizationID: UUID) async throws -> [Reward.Public] {
        _ = try await records.record(of: accountID, in: organizationID)
        return try await Tenant(organizationID: organizationID).query(Reward.self, on: database).filter(\.$active == true)
            .sort(\.$pointsCost).limit(200).all().map(\.asPublic)
    }

    /// An in-app message of one of the person's records.
    struct Message: Content {
        let id: UUID
        let organizationID: UUID
        let event: String
        let subject: String?
        let body: String
        let createdAt: Date

        enum CodingKeys: String, CodingKey {
            case id, event, subject, body
            case organizationID = "organization_id", createdAt = "created_at"
        }
    }

    /// The in-app messages of every link, newest first.
    func messages(_ page: PageRequest) async throws -> Page<Message> {
        let sql = try database.sql
        var messages: [Message] = []
        var total = 0
        let wanted = page.offset + page.perPage
        for link in try await records.links(of: accountID) {
            let condition: SQLQueryString = """
                organization_id = \(bind: link.organizationID) AND customer_id = \(bind: link.customerID) AND channel = 'in_app'
                """
            let rows = try await SQLRows.all("""
                SELECT id, organization_id, event, subject, body, created_at FROM notifications WHERE \(condition)
                ORDER BY seq DESC LIMIT \(literal: wanted)
                """, on: sql)
            messages += try rows.map {
                Message(id: try $0.decode(column: "id", as: UUID.self), organizationID: try $0.decode(column: "organization_id", as: UUID.self),
                        event: try $0.decode(column: "event", as: String.self), subject: try $0.decode(column: "subject", as: String?.self),
                        body: try $0.decode(column: "body", as: String.self), createdAt: try $0.decode(column: "created_at", as: Date.self))
            }
            total += try await SQLRows.first("SELECT count(*) AS n FROM notifications WHERE \(condition)", on: sql)?
                .decode(column: "n", as: Int.self) ?? 0
        }
        messages.sort { ($0.createdAt, $0.id.uuidString) > ($1.createdAt, $1.id.uuidString) }
        return Page(Array(messages.dropFirst(page.offset).prefix(page.perPage)), total: total, nextCursor: nil, request: page)
    }

    /// Everything about the person: the account, and each linked organization's data export of its record.
    struct DataExport: Encodable {
        let exportedAt: Date
        let account: Account.Public
        let links: [LinkExport]

        struct LinkExport: Encodable {
            let organization: AccountOrders.View.OrganizationRef
            let data: CustomerDataExport
        }

        enum CodingKeys: String, CodingKey {
            case account, links
            case exportedAt = "exported_at"
        }
    }

    func dataExport() async throws -> DataExport {
        var links: [DataExport.LinkExport] = []
        for link in try await records.links(of: accountID) {
            let customer = try await records.record(of: accountID, in: link.organizationID)
            let organization = try await Organization.load(link.organizationID, on: database)
            let data = try await CustomerDataExport.gather(customer, tenant: Tenant(organizationID: link.organizationID), on: database)
            links.append(.init(organization: .init(id: link.organizationID, name: organization?.name ?? "", slug: organization?.slug ?? ""),
                               data: data))
        }
        return DataExport(exportedAt: Date(), account: account.asPublic, links: links)
    }

    struct ErasureReceipt: Content {
        let status: String
        let organizations: Int
        let detail: String
    }

    /// Asks every linked organization to erase the person's record (their admins act on it) and deletes the account
    /// at once: its tokens stop, its links are gone, its records stay with their organizations until erased.
    func requestErasure(config: OutboxConfig) async throws -> ErasureReceipt {
        let links = try await records.links(of: accountID)
        let accountID = self.accountID
        let email = account.email
        try await WriteTransaction.run(on: database) { db in
            let sql = try db.sql
            let now = Date()
            for link in links {
                let request = AccountErasureRequest()
                request.id = UUID.timeOrdered()
                request.organizationID = link.organizationID
                request.customerID = link.customerID
                request.status = AccountErasureRequest.Status.open.rawValue
                request.requestedAt = now
                try await request.create(on: db)
                try await SQLRows.run("""
                    UPDATE customers SET account_id = NULL, account_linked_at = NULL, overridden_fields = '[]', account_conflicts = '[]',
                    version = version + 1, updated_at = \(bind: now)
                    WHERE organization_id = \(bind: link.organizationID) AND id = \(bind: link.customerID)
                    """, on: sql)
                try await CustomerTimeline(database: db, actor: AccountRecords.actor).record(
                    .accountUnlinked, customerID: link.customerID, organizationID: link.organizationID,
                    details: ["erasure_requested": .bool(true)], at: now)
            }
            try await SQLRows.run("DELETE FROM account_mails WHERE account_id = \(bind: accountID)", on: sql)
            try await SQLRows.run("DELETE FROM accounts WHERE id = \(bind: accountID)", on: sql)
            try await AccountMail.queue(.erased, to: email, accountID: nil, secret: nil, config: config, on: db)
        }
        OutboxSignal.shared.wake()
        return ErasureReceipt(status: "requested", organizations: links.count,
                              detail: "Your account is deleted; each organization you were linked to was asked to erase your data")
    }
}
