import Fluent
import Foundation
import SQLKit

/// The notifications of a task's event: one per channel that the organization's matrix names for the event, written
/// in the transaction that creates or moves the task. A channel whose contact detail is missing is written `skipped`
/// with its reason and a timeline entry: never an error, never a failed move.
struct TaskNotifications {
    let database: any Database
    let organization: Organization
    let config: OutboxConfig

    /// The notifications of `event`, read and rendered ahead of the transaction that will write them (so that the
    /// write lock is held for the inserts only). Reads only the columns it needs, each by key.
    ///
    /// A task of a courier's client (`client_id`) follows the client's settings too: only its delivery notifies the
    /// recipient, of the events the client chose (on the courier's channels), and the events the client chose to be
    /// emailed about add an email to the client for its pickups and deliveries. `client` and `orderNumber` may be given
    /// when the caller holds them.
    func prepare(_ event: NotificationEvent, task: DeliveryTask, client known: Client? = nil,
                 orderNumber: String? = nil) async throws -> Prepared {
        var channels = organization.settings.notifications.channels(for: event)
        let organizationID = task.organizationID
        var clientMail: OutboxNotification?
        var client = known
        if client == nil, let clientID = task.clientID {
            client = try await Tenant(organizationID: organizationID).find(Client.self, id: clientID, on: database)
        }
        if task.clientID != nil, let client {
            let settings = client.settings
            if task.type != TaskType.delivery.rawValue || !settings.recipientEvents.contains(event) { channels = [] }
            if client.clientStatus == .active, settings.clientEmailEvents.contains(event),
               task.type == TaskType.pickup.rawValue || task.type == TaskType.delivery.rawValue {
                var number = orderNumber
                if number == nil, let orderID = task.orderID {
                    number = try await SQLRows.first("SELECT number FROM orders WHERE organization_id = \(bind: organizationID) AND id = \(bind: orderID)",
                                                     on: try database.sql, byKey: true)?.decode(column: "number", as: String.self)
                }
                clientMail = ClientMail.taskEvent(event, task: task, orderNumber: number, client: client, organization: organization,
                                                  config: config)
            }
        }
        let recipientNotifications = try await prepareForCustomer(event, task: task, channels: channels)
        guard let clientMail else { return recipientNotifications }
        return Prepared(notifications: recipientNotifications.notifications + [clientMail], customerID: recipientNotifications.customerID,
                        organizationID: organizationID)
    }

    private func prepareForCustomer(_ event: NotificationEvent, task: DeliveryTask,
                                    channels: [NotificationChannel]) async throws -> Prepared {
        let organizationID = task.organizationID
        guard !channels.isEmpty else { return Prepared(notifications: [], customerID: nil, organizationID: organizationID) }
        let sql = try database.sql
        let customer = try await task.customerID.asyncMap { id in
            try await SQLRows.first("""
                SELECT name, first_name, email, phone FROM customers WHERE organization_id = \(bind: organizationID) AND id = \(bind: id)
                """, on: sql, byKey: true)
        } ?? nil
        let order = try await task.orderID.asyncMap { id in
            try await SQLRows.first("""
                SELECT number, contact_name, contact_email, contact_phone FROM orders
                WHERE organization_id = \(bind: organizationID) AND id = \(bind: id)
                """, on: sql, byKey: true)
        } ?? nil
        let templates = try await NotificationTemplates(database: database, organizationID: organizationID).texts(for: event)
        func text(_ row: (any SQLRow)?, _ column: String) throws -> String? { try row?.decode(column: column, as: String?.self) }
        let values = TemplateValues(
            customerName: try text(customer, "name") ?? text(order, "contact_name") ?? task.contactName,
            customerFirstName: try text(customer, "first_name"), orderNumber: try text(order, "number"), taskStatus: task.status,
            taskETA: task.dropoffBefore.map { ETAFormat.string($0, timeZone: organization.timezone) },
            trackingURL: task.trackingCode.map { "\(config.publicURL)/track/\($0)" },
            organizationName: organization.name)
        let recipients = Recipients(email: try text(customer, "email") ?? text(order, "contact_email"),
                                    phone: try text(customer, "phone") ?? text(order, "contact_phone") ?? task.contactPhone)
        let customerID = customer == nil ? nil : task.customerID
        let now = Date()
        let notifications = channels.map { channel in
            let rendered = TemplateRenderer.render(templates[channel] ?? NotificationTemplateDefaults.text(event, channel),
                                                   channel: channel, values: values)
            let notification = OutboxNotification.new(organizationID: organizationID, kind: .transactional,
                                                      event: event, channel: channel, rendered: rendered, at: now,
                                                      maxAttempts: config.maxAttempts)
            notification.customerID = customerID
            notification.taskID = task.id
            notification.address(to: recipients, channel: channel, at: now)
            return notification
        }
        return Prepared(notifications: notifications, customerID: customerID, organizationID: organizationID)
    }

    /// Notifications ready to be written with their event.
    struct Prepared: Sendable {
        let notifications: [OutboxNotification]
        let customerID: UUID?
        let organizationID: UUID

        /// Writes them, and a timeline entry for each skipped one, in the transaction `db` of the event.
        func write(on db: any Database, actor: Actor) async throws {
            guard !notifications.isEmpty else { return }
            try await RowInsert.run(notifications.map(\.insertRow), on: db)
            guard let customerID else { return }
            let timeline = CustomerTimeline(database: db, actor: actor)
            for skipped in notifications where skipped.status == NotificationStatus.skipped.rawValue {
                try await timeline.record(.notificationSkipped, customerID: customerID, organizationID: organizationID, details: [
                    "event": .string(skipped.event), "channel": .string(skipped.channel),
                    "reason": .string(skipped.skipReason ?? ""), "notification_id": .string(skipped.id!.canonicalString),
                ], at: skipped.createdAt)
            }
        }
    }
}

/// Where a customer can be reached.
struct Recipients: Sendable {
    var email: String?
    var phone: String?
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case let .some(value): try await transform(value)
        case .none: nil
        }
    }
}
