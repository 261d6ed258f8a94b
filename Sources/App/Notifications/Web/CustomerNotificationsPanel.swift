import Fluent
import Foundation

/// What the customer page shows of notifications: the latest ones (roles that see notifications) and the
/// "Send message" form (roles that send messages, when the customer opted in to a channel).
struct CustomerNotificationsPanel {
    static let latestShown = 5

    var latest: Page<OutboxNotification.Public>?
    var message: CustomerMessageForm.State?

    init() {}

    /// Read through `NotificationHistory`, as `GET /customers/{id}/notifications`; nothing for the other roles.
    init(for customer: Customer, principal: Principal, database: any Database,
         typed: (values: [String: String], errors: FormErrors)? = nil) async throws {
        let id = try customer.requireID()
        if principal.role.allows(.seeNotifications) {
            latest = try await NotificationHistory(database: database, tenant: try principal.tenant())
                .page(NotificationFilters(customerID: id), PageRequest(page: 1, perPage: Self.latestShown))
        }
        if principal.role.allows(.sendMessages) {
            message = CustomerMessageForm.State(channels: CustomerMessageForm.channels(of: customer),
                                                values: typed?.values ?? [:], errors: typed?.errors ?? FormErrors())
        }
    }

    func latestCard(customerID: UUID) -> HTML {
        guard let latest else { return .empty }
        let all = "/notifications?customer_id=\(customerID.canonicalString)"
        return .section(["class": "card", "aria-labelledby": "notifications-title"], [
            .h2("Notifications", id: "notifications-title"),
            latest.data.isEmpty
                ? .p("No notifications yet.", class: "muted")
                : NotificationTable.table(latest.data, caption: "Latest notifications", customers: [:], compact: true, retry: nil),
            latest.total > latest.data.count
                ? .p([:], [.link("All \(latest.total) notifications of this customer", to: all)])
                : latest.data.isEmpty ? .empty : .p([:], [.link("Open in Notifications", to: all)]),
        ])
    }

    func messageCard(_ customer: Customer, csrf: String) -> HTML {
        message.map { CustomerMessageForm.card($0, customer: customer, csrf: csrf) } ?? .empty
    }
}
