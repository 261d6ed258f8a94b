import Fluent
import Foundation
import SQLKit

/// Everything held about one customer, as one machine-readable document (GDPR access and portability).
/// Kinds of record the server does not keep yet (accounts) are present as empty lists, so that the document's shape
/// does not change when they arrive.
struct CustomerDataExport: Encodable {
    let exportedAt: Date
    let customer: Customer.Public
    let addresses: [Address.Public]
    let orders: [Order.Public]
    let tasks: [DeliveryTask.Public]
    let timeline: [CustomerEvent.Public]
    /// Every message written for the person: what was sent, to which address, when.
    let notifications: [OutboxNotification.Public]
    let consent: Consent
    let loyalty: Loyalty
    /// The person's gift cards with their history (never a code: only its hash is kept).
    let giftCards: [GiftCard.Public]

    struct Consent: Encodable {
        let emailOptIn: Bool
        let emailOptInAt: Date?
        let emailOptInSource: String?
        let smsOptIn: Bool
        let smsOptInAt: Date?
        let smsOptInSource: String?
        let history: [CustomerEvent.Public]

        enum CodingKeys: String, CodingKey {
            case history
            case emailOptIn = "email_opt_in", emailOptInAt = "email_opt_in_at", emailOptInSource = "email_opt_in_source"
            case smsOptIn = "sms_opt_in", smsOptInAt = "sms_opt_in_at", smsOptInSource = "sms_opt_in_source"
        }
    }

    /// The balance, every ledger entry (oldest first) and the rewards redeemed.
    struct Loyalty: Encodable {
        let points: Int
        let entries: [LoyaltyEntry.Public]
        let rewards: [RewardRedemption]
    }

    enum CodingKeys: String, CodingKey {
        case customer, addresses, orders, tasks, timeline, consent, loyalty
        case exportedAt = "exported_at", giftCards = "gift_cards", notifications, accounts
    }

    func encode(to encoder: any Encoder) throws {
        var out = encoder.container(keyedBy: CodingKeys.self)
        try out.encode(exportedAt, forKey: .exportedAt)
        try out.encode(customer, forKey: .customer)
        try out.encode(addresses, forKey: .addresses)
        try out.encode(orders, forKey: .orders)
        try out.encode(tasks, forKey: .tasks)
        try out.encode(timeline, forKey: .timeline)
        try out.encode(consent, forKey: .consent)
        try out.encode(loyalty, forKey: .loyalty)
        try out.encode(giftCards, forKey: .giftCards)
        try out.encode(notifications, forKey: .notifications)
        try out.encode([String](), forKey: .accounts)
    }

    static func gather(_ customer: Customer, tenant: Tenant, on database: any Database) async throws -> CustomerDataExport {
        let id = try customer.requireID()
        let addresses = try await tenant.query(Address.self, on: database).filter(\.$customerID == id).sort(\.$createdAt).all()
        let orders = try await tenant.query(Order.self, on: database).filter(\.$customerID == id).sort(\.$placedAt).all()
        let tasks = try await tenant.query(DeliveryTask.self, on: database).filter(\.$customerID == id).sort(\.$createdAt).all()
        let events = try await tenant.query(CustomerEvent.self, on: database).filter(\.$customerID == id).sort(\.$createdAt).all()
        let timeline = events.map(CustomerEvent.Public.init)
        let notifications = try await tenant.query(OutboxNotification.self, on: database).filter(\.$customerID == id)
            .sort(\.$seq).all().map(OutboxNotification.Public.init)
        let consent = Consent(emailOptIn: customer.emailOptIn, emailOptInAt: customer.emailOptInAt,
                              emailOptInSource: customer.emailOptInSource, smsOptIn: customer.smsOptIn,
                              smsOptInAt: customer.smsOptInAt, smsOptInSource: customer.smsOptInSource,
                              history: timeline.filter { $0.event.type == CustomerTimeline.EventType.marketingChanged.rawValue })
        let entries = try await SQLRows.all("""
            SELECT \(unsafeRaw: LoyaltyEntry.columns) FROM loyalty_entries
            WHERE organization_id = \(bind: tenant.organizationID) AND customer_id = \(bind: id) ORDER BY seq
            """, on: try database.sql).map(LoyaltyEntry.decode)
        let rewards = try await RewardRedemption.list(entries, tenant: tenant, on: database)
        let zone = TimeZone(identifier: (try await Organization.load(tenant.organizationID, on: database))?.timezone ?? "UTC") ?? .gmt
        var giftCards: [GiftCard.Public] = []
        for card in try await tenant.query(GiftCard.self, on: database).filter(\.$customerID == id).sort(\.$createdAt).all() {
            let history = try await GiftCardService.history(of: card, complete: true, on: database)
            giftCards.append(card.asPublic(today: CalendarDate(Date(), in: zone), history: history))
        }
        let defaultAddress = addresses.first(where: \.isDefault)
        return CustomerDataExport(exportedAt: Date(), customer: Customer.Public(customer, defaultAddress: defaultAddress),
                                  addresses: addresses.map(Address.Public.init), orders: orders.map(Order.Public.init),
                                  tasks: tasks.map { DeliveryTask.Public($0) }, timeline: timeline, notifications: notifications, consent: consent,
                                  loyalty: Loyalty(points: customer.loyaltyPoints, entries: entries.map(LoyaltyEntry.Public.init),
                                                   rewards: rewards),
                                  giftCards: giftCards)
    }
}
