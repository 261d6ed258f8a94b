import Fluent
import Foundation

/// What a task's public tracking page shows: the organization, the recipient's first name only, the status and its
/// times, the ETA, and the in-app messages of the task — no phone, email, notes or address.
struct TrackingView: Sendable {
    let organizationName: String
    let timezone: String
    let firstName: String?
    let status: String
    let eta: Date?
    let moves: [(status: String, at: Date)]
    let messages: [(body: String, at: Date)]
    /// The city it goes to: nothing more of the address.
    let city: String?
    /// The look of a courier's client whose delivery this is.
    let look: TrackingLook?

    static func load(code: String, on database: any Database) async throws -> TrackingView? {
        guard RandomCode.isWellFormed(code, length: 20) || (code.count == 32 && code.allSatisfy(\.isHexDigit)),
              let task = try await Unscoped.query(DeliveryTask.self, on: database).filter(\.$trackingCode == code).first(),
              let organization = try await Organization.load(task.organizationID, on: database)
        else { return nil }
        let tenant = Tenant(organizationID: task.organizationID)
        let taskID = try task.requireID()
        let customer = try await task.customerID.asyncMap { try await tenant.find(Customer.self, id: $0, on: database) } ?? nil
        let name = customer?.firstName ?? customer?.name ?? task.contactName
        let transitions = try await tenant.query(TaskTransition.self, on: database).filter(\.$taskID == taskID)
            .sort(\.$createdAt).all()
        let inApp = try await tenant.query(OutboxNotification.self, on: database).filter(\.$taskID == taskID)
            .filter(\.$channel == NotificationChannel.inApp.rawValue).sort(\.$seq).all()
        return TrackingView(
            organizationName: organization.name, timezone: organization.timezone,
            firstName: name.flatMap { $0.split(separator: " ").first.map(String.init) },
            status: task.status, eta: task.status == TaskStatus.completed.rawValue ? nil : task.dropoffBefore,
            moves: [(TaskStatus.new.rawValue, task.createdAt ?? Date())] + transitions.map { ($0.toStatus, $0.createdAt) },
            messages: inApp.map { ($0.body, $0.createdAt) },
            city: TaskLocation.decode(task.dropoffJSON)?.city,
            look: try await task.clientID.asyncMap { try await tenant.find(Client.self, id: $0, on: database) }?.map { TrackingLook($0) })
    }
}
