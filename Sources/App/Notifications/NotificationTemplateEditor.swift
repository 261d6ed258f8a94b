import Fluent
import Foundation
import Vapor

/// Staff's view of the templates: every task event on every channel, the organization's own or the default, with the
/// variables it may use; saving (checked first), resetting to the default, and previewing with sample values.
struct NotificationTemplateEditor {
    let database: any Database
    let organization: Organization
    let publicURL: String

    var organizationID: UUID { organization.id! }

    /// The editor of the organization the request acts in, for a caller allowed `permission` (else 403).
    static func make(for req: Request, _ permission: Permission) async throws -> NotificationTemplateEditor {
        let principal = try req.principal
        let tenant = try principal.tenant()
        try principal.require(permission)
        guard let organization = try await req.organization(tenant.organizationID) else { throw Problem.notFound("organization") }
        return NotificationTemplateEditor(database: req.database, organization: organization, publicURL: req.application.config.outbox.publicURL)
    }

    struct Input: Decodable, Sendable {
        var subject: String?
        var body: String?
    }

    func list() async throws -> [NotificationTemplate.Public] {
        let stored = try await NotificationTemplates(database: database, organizationID: organizationID).all()
        return NotificationEvent.taskEvents.flatMap { event in
            NotificationChannel.allCases.map { channel in
                let own = stored.first { $0.event == event.rawValue && $0.channel == channel.rawValue }
                return NotificationTemplate.Public(event: event, channel: channel, own: own)
            }
        }
    }

    func template(_ eventName: String, _ channelName: String) async throws -> NotificationTemplate.Public {
        let (event, channel) = try Self.key(eventName, channelName)
        let own = try await Tenant(organizationID: organizationID).query(NotificationTemplate.self, on: database)
            .filter(\.$event == event.rawValue).filter(\.$channel == channel.rawValue).first()
        return NotificationTemplate.Public(event: event, channel: channel, own: own)
    }

    func save(_ eventName: String, _ channelName: String, _ input: Input, by actor: String) async throws -> NotificationTemplate.Public {
        let (event, channel) = try Self.key(eventName, channelName)
        let text = try checked(input, event: event, channel: channel)
        let now = Date()
        try await WriteTransaction.run(on: database) { db in
            try await SQLRows.run("""
                INSERT INTO notification_templates (id, organization_id, event, channel, subject, body, updated_by_name, updated_at)
                VALUES (\(bind: UUID.timeOrdered()), \(bind: organizationID), \(bind: event.rawValue), \(bind: channel.rawValue),
                \(bind: text.subject), \(bind: text.body), \(bind: actor), \(bind: now))
                ON CONFLICT (organization_id, event, channel) DO UPDATE SET subject = excluded.subject, body = excluded.body,
                updated_by_name = excluded.updated_by_name, updated_at = excluded.updated_at
                """, on: try db.sql)
        }
        return try await template(eventName, channelName)
    }

    /// Drops the organization's own wording: the event says the default again.
    func reset(_ eventName: String, _ channelName: String) async throws {
        let (event, channel) = try Self.key(eventName, channelName)
        try await WriteTransaction.run(on: database) { db in
            try await Tenant(organizationID: organizationID).query(NotificationTemplate.self, on: db)
                .filter(\.$event == event.rawValue).filter(\.$channel == channel.rawValue).delete()
        }
    }

    /// Renders the text sent (or, without a body, the one in use) with sample values; nothing is saved.
    func preview(_ eventName: String, _ channelName: String, _ input: Input?) async throws -> TemplateRenderer.Rendered {
        let (event, channel) = try Self.key(eventName, channelName)
        let current = try await template(eventName, channelName)
        let text: TemplateText
        if let input, input.body != nil || input.subject != nil {
            text = try checked(Input(subject: input.subject ?? current.subject, body: input.body ?? current.body),
                               event: event, channel: channel)
        } else {
            text = TemplateText(subject: current.subject, body: current.body)
        }
        return TemplateRenderer.render(text, channel: channel,
                                       values: .sample(organizationName: organization.name, publicURL: publicURL))
    }

    private func checked(_ input: Input, event: NotificationEvent, channel: NotificationChannel) throws -> TemplateText {
        var v = Validator()
        guard let body = input.body else { throw Problem.invalid("body", "is required") }
        var subject = input.subject
        if channel == .email, subject?.trimmingCharacters(in: .whitespaces).isEmpty ?? true {
            if subject == nil { subject = NotificationTemplateDefaults.text(event, channel).subject }
            else { v.add("subject", "must not be empty") }
        }
        let text = TemplateText(subject: subject, body: body)
        TemplateCheck(event: event).validate(text, channel: channel, &v)
        try v.check()
        return text
    }

    /// The event and channel of a template's address; an unknown one is 422 naming it.
    static func key(_ eventName: String, _ channelName: String) throws -> (NotificationEvent, NotificationChannel) {
        var v = Validator()
        let event = NotificationEvent(rawValue: eventName).flatMap { NotificationEvent.taskEvents.contains($0) ? $0 : nil }
        if event == nil {
            v.add("event", "is not an event; events are " + NotificationEvent.taskEvents.map(\.rawValue).joined(separator: ", "))
        }
        let channel = NotificationChannel(rawValue: channelName)
        if channel == nil { v.add("channel", "is not a channel; channels are email, sms, in_app") }
        try v.check()
        return (event!, channel!)
    }
}
