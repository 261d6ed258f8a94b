import Vapor

extension NotificationTemplate {
    /// One template as the API shows it: the organization's own, or the default (`customized: false`).
    struct Public: Content {
        let event: String
        let channel: String
        @NullEncoded var subject: String?
        let body: String
        let customized: Bool
        let variables: [String]
        @NullEncoded var updatedAt: Date?
        @NullEncoded var updatedBy: String?

        enum CodingKeys: String, CodingKey {
            case event, channel, subject, body, customized, variables
            case updatedAt = "updated_at", updatedBy = "updated_by"
        }

        init(event: NotificationEvent, channel: NotificationChannel, own: NotificationTemplate?) {
            let text = own.map { TemplateText(subject: $0.subject, body: $0.body) } ?? NotificationTemplateDefaults.text(event, channel)
            self.event = event.rawValue
            self.channel = channel.rawValue
            subject = text.subject
            body = text.body
            customized = own != nil
            variables = TemplateCheck(event: event).variables
            updatedAt = own?.updatedAt
            updatedBy = own?.updatedByName
        }
    }

    /// A rendered preview.
    struct Preview: Content {
        @NullEncoded var subject: String?
        let body: String
        @NullEncoded var html: String?

        init(_ rendered: TemplateRenderer.Rendered) {
            subject = rendered.subject
            body = rendered.text
            html = rendered.html
        }
    }
}
