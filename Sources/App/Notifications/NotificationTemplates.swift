import Fluent
import Foundation

/// An organization's stored templates, read for one event (the defaults fill the rest).
struct NotificationTemplates {
    let database: any Database
    let organizationID: UUID

    func texts(for event: NotificationEvent) async throws -> [NotificationChannel: TemplateText] {
        let stored = try await Tenant(organizationID: organizationID).query(NotificationTemplate.self, on: database)
            .filter(\.$event == event.rawValue).all()
        var texts: [NotificationChannel: TemplateText] = [:]
        for template in stored {
            guard let channel = NotificationChannel(rawValue: template.channel) else { continue }
            texts[channel] = TemplateText(subject: template.subject, body: template.body)
        }
        return texts
    }

    func all() async throws -> [NotificationTemplate] {
        try await Tenant(organizationID: organizationID).query(NotificationTemplate.self, on: database).all()
    }
}
