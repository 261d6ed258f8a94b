import Fluent
import Foundation

/// The notifications of a task's event: one per channel that the organization's matrix names for the event, written
/// in the transaction that creates or moves the task. A channel whose contact detail is missing is written `skipped`
/// with its reason and a timeline entry: never an error, never a failed move.
struct TaskNotifications {
    let database: any Database
    let organization: Organization
    let config: OutboxConfig

    /// The notifications of `event`, read and rendered ahead of the transaction that will write them (so that the
    /// write lock is held for the inserts only).
    func prepare(_ event: NotificationEvent, task: DeliveryTask) async throws -> Prepared {
        let channels = organization.settings.notifications.channels(for: event)
        guard !channels.isEmpty else { return Prepared(notifications: [], customer: nil) }
        let tenant = Tenant(organizationID: task.organizationID)
        let customer = try await task.customerID.asyncMap { try await tenant.find(Customer.self, id: $0, on: database) } ?? nil
        let order = try await task.orderID.asyncMap { try await tenant.find(Order.self, id: $0, on: database) } ?? nil
        let templates = try await NotificationTemplates(database: database, organizationID: tenant.organizationID)
            .texts(for: event)
        let values = TemplateValues(
            customerName: customer?.name ?? order?.contactName ?? task.contactName,
            customerFirstName: customer?.firstName, orderNumber: order?.number, taskStatus: task.status,
            taskETA: task.dropoffBefore.map { ETAFormat.string($0, timeZone: organization.timezone) },
            trackingURL: task.trackingCode.map { "\(config.publicURL)/track/\($0)" },
            organizationName: organization.name)
        let recipients = Recipients(email: customer?.email ?? order?.contactEmail,
                                    phone: customer?.phone ?? order?.contactPhone ?? task.contactPhone)
        let now = Date()
        let notifications = channels.map { channel in
            let rendered = TemplateRenderer.render(templates[channel] ?? NotificationTemplateDefaults.text(event, channel),
                                                   channel: channel, values: values)
            let notification = OutboxNotification.new(organizationID: tenant.organizationID, kind: .transactional,
                                                      event: event, channel: channel, rendered: rendered, at: now,
                                                      maxAttempts: config.maxAttempts)
            notification.customerID = customer?.id
            notification.taskID = task.id
            notification.address(to: recipients, channel: channel, at: now)
            return notification
        }
        return Prepared(notifications: notifications, customer: customer)
    }

    /// Notifications ready to be written with their event.
    struct Prepared: Sendable {
        let notifications: [OutboxNotification]
        let customer: Customer?

        /// Writes them, and a timeline entry for each skipped one, in the transaction `db` of the event.
        func write(on db: any Database, actor: Actor) async throws {
            guard !notifications.isEmpty else { return }
            try await RowInsert.run(notifications.map(\.insertRow), on: db)
            guard let customer else { return }
            let timeline = CustomerTimeline(database: db, actor: actor)
            for skipped in notifications where skipped.status == NotificationStatus.skipped.rawValue {
                try await timeline.record(.notificationSkipped, customer: customer, details: [
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
