import Fluent
import Foundation

/// An organization's stored templates, read for one event (the defaults fill the rest).
struct NotificationTemplates {
    let database: any Database
    let organizationID: UUID

    func texts(for event: NotificationEvent) async throws -> [NotificationChannel: TemplateText] {
        let rows = try await SQLRows.all("""
            SELECT channel, subject, body FROM notification_templates
            WHERE organization_id = \(bind: organizationID) AND event = \(bind: event.rawValue)
            """, on: try database.sql, byKey: true)
        var texts: [NotificationChannel: TemplateText] = [:]
        for row in rows {
            guard let channel = NotificationChannel(rawValue: try row.decode(column: "channel", as: String.self)) else { continue }
            texts[channel] = TemplateText(subject: try row.decode(column: "subject", as: String?.self),
                                          body: try row.decode(column: "body", as: String.self))
        }
        return texts
    }

    func all() async throws -> [NotificationTemplate] {
        try await Tenant(organizationID: organizationID).query(NotificationTemplate.self, on: database).all()
    }
}
