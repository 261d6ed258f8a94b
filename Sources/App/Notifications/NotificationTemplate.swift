import Fluent
import Foundation

/// An organization's own wording of one event on one channel (`notification_templates`). Without one, the event
/// uses `NotificationTemplateDefaults`.
final class NotificationTemplate: Model, @unchecked Sendable {
    static let schema = "notification_templates"

    @ID(key: .id) var id: UUID?
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "event") var event: String
    @Field(key: "channel") var channel: String
    @OptionalField(key: "subject") var subject: String?
    @Field(key: "body") var body: String
    @OptionalField(key: "updated_by_name") var updatedByName: String?
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

extension NotificationTemplate: TenantModel {}

/// The words of one message before rendering: a subject (email only) and a body, both Mustache templates.
struct TemplateText: Sendable, Equatable {
    var subject: String?
    var body: String
}
