import Fluent
import Foundation
import SQLKit

/// What a task's public tracking page shows: the organization (or the courier's client, in its look), the recipient's
/// first name only, the city, the status and its times, the ETA, and the in-app messages of the task — no phone,
/// email, notes or street.
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

    /// Two reads by key: the task with its organization, customer and client; then its moves and in-app messages.
    static func load(code: String, on database: any Database) async throws -> TrackingView? {
        guard RandomCode.isWellFormed(code, length: 20) || (code.count == 32 && code.allSatisfy(\.isHexDigit)) else { return nil }
        let sql = try database.sql
        let row = try await SQLRows.first("""
            SELECT tasks.id, tasks.organization_id, tasks.status, tasks.dropoff_before, tasks.dropoff, tasks.created_at,
            tasks.contact_name, organizations.name AS organization_name, organizations.timezone,
            customers.first_name, customers.name AS customer_name, clients.name AS client_name, clients.settings AS client_settings
            FROM tasks JOIN organizations ON organizations.id = tasks.organization_id
            LEFT JOIN customers ON customers.organization_id = tasks.organization_id AND customers.id = tasks.customer_id
            LEFT JOIN clients ON clients.organization_id = tasks.organization_id AND clients.id = tasks.client_id
            WHERE tasks.tracking_code = \(bind: code)
            """, on: sql, byKey: true)
        // An unknown code does the same reads as a known one (the second by ids no row has), so that the time of the
        // answer does not tell them apart.
        let taskID = try row?.decode(column: "id", as: UUID.self) ?? UUID()
        let organizationID = try row?.decode(column: "organization_id", as: UUID.self) ?? UUID()
        let events = try await SQLRows.all("""
            SELECT 0 AS message, to_status AS text, created_at FROM task_transitions
            WHERE organization_id = \(bind: organizationID) AND task_id = \(bind: taskID)
            UNION ALL
            SELECT 1 AS message, body AS text, created_at FROM notifications
            WHERE organization_id = \(bind: organizationID) AND task_id = \(bind: taskID) AND channel = 'in_app'
            ORDER BY created_at
            """, on: sql, byKey: true)
        guard let row else { return nil }
        var moves: [(status: String, at: Date)] = [(TaskStatus.new.rawValue, try row.decode(column: "created_at", as: Date?.self) ?? Date())]
        var messages: [(body: String, at: Date)] = []
        for event in events {
            let text = try event.decode(column: "text", as: String.self)
            let at = try event.decode(column: "created_at", as: Date.self)
            if try event.decode(column: "message", as: Int.self) == 1 { messages.append((text, at)) } else { moves.append((text, at)) }
        }
        let status = try row.decode(column: "status", as: String.self)
        let name = try row.decode(column: "first_name", as: String?.self) ?? row.decode(column: "customer_name", as: String?.self)
            ?? row.decode(column: "contact_name", as: String?.self)
        let look = try row.decode(column: "client_name", as: String?.self).map { clientName in
            TrackingLook(clientName: clientName, settings: ClientSettings.decoded(try row.decode(column: "client_settings", as: String?.self) ?? "{}"))
        }
        return TrackingView(
            organizationName: try row.decode(column: "organization_name", as: String.self),
            timezone: try row.decode(column: "timezone", as: String.self),
            firstName: name.flatMap { $0.split(separator: " ").first.map(String.init) },
            status: status, eta: status == TaskStatus.completed.rawValue ? nil : try row.decode(column: "dropoff_before", as: Date?.self),
            moves: moves, messages: messages,
            city: TaskLocation.decode(try row.decode(column: "dropoff", as: String?.self))?.city,
            look: look)
    }
}
