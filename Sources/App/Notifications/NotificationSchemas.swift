/// OpenAPI schemas of notifications, templates and marketing messages.
enum NotificationSchemas {
    typealias S = APISchemas

    static let channels = NotificationChannel.allCases.map(\.rawValue)
    static let taskEvents = NotificationEvent.taskEvents.map(\.rawValue)

    static var matrix: JSONValue {
        let channelList: JSONValue = ["type": "array", "items": S.string(enumValues: channels)]
        return S.object(Dictionary(uniqueKeysWithValues: taskEvents.map { ($0, channelList) }),
                        description: "Which channels each task event notifies the customer on; events not sent keep theirs")
    }

    static var all: [String: JSONValue] {
        [
            "Notification": S.object([
                "id": S.string(format: "uuid"), "customer_id": S.string(format: "uuid", nullable: true),
                "task_id": S.string(format: "uuid", nullable: true), "kind": S.string(enumValues: ["transactional", "marketing"]),
                "event": S.string(enumValues: NotificationEvent.allCases.map(\.rawValue)),
                "channel": S.string(enumValues: channels),
                "status": S.string(enumValues: NotificationStatus.allCases.map(\.rawValue)),
                "to": S.string("The email address or phone number it was sent to", nullable: true),
                "subject": S.string(nullable: true), "body": S.string("The plain text (an email's text part)"),
                "html": S.string("An email's HTML part", nullable: true), "attempts": ["type": "integer"],
                "last_error": S.string(nullable: true),
                "skip_reason": S.string(enumValues: NotificationSkipReason.allCases.map(\.rawValue), nullable: true),
                "next_attempt_at": S.string(format: "date-time", nullable: true),
                "created_at": S.timestamp, "sent_at": S.string(format: "date-time", nullable: true),
            ], required: ["id", "customer_id", "task_id", "event", "channel", "status", "to", "subject", "body", "attempts",
                          "last_error", "skip_reason", "created_at", "sent_at"]),
            "NotificationPage": S.page(of: "Notification"),
            "NotificationTemplate": S.object([
                "event": S.string(enumValues: taskEvents), "channel": S.string(enumValues: channels),
                "subject": S.string(nullable: true), "body": S.string(), "customized": ["type": "boolean"],
                "variables": ["type": "array", "items": S.string()],
                "updated_at": S.string(format: "date-time", nullable: true), "updated_by": S.string(nullable: true),
            ], required: ["event", "channel", "subject", "body", "customized", "variables"]),
            "NotificationTemplateList": S.object(["data": ["type": "array", "items": S.ref("NotificationTemplate")]], required: ["data"]),
            "NotificationTemplateInput": S.object([
                "subject": S.string("Email only; one line", maxLength: TemplateCheck.maxSubjectLength, nullable: true),
                "body": S.string("A Mustache template of the event's variables; at most 20 KB"),
            ]),
            "NotificationPreview": S.object(["subject": S.string(nullable: true), "body": S.string(), "html": S.string(nullable: true)],
                                            required: ["subject", "body", "html"]),
            "MessageInput": S.object([
                "channel": S.string(enumValues: ["email", "sms"]), "subject": S.string(nullable: true),
                "body": S.string("Variables: {{customer.name}}, {{customer.first_name}}, {{organization.name}}, {{unsubscribe_url}}"),
                "customer_ids": ["type": "array", "maxItems": .int(MarketingMessageInput.maxCustomerIDs), "items": S.string(format: "uuid")],
                "filters": ["type": "object", "description": .string("The customer list's filters: "
                            + CustomerListParameters.filterNames.joined(separator: ", "))],
                "segment_id": S.string(format: "uuid"),
            ], required: ["channel", "body"]),
            "MessageResult": S.object(["queued": ["type": "integer"], "skipped_no_consent": ["type": "integer"],
                                       "skipped_no_contact": ["type": "integer"]],
                                      required: ["queued", "skipped_no_consent", "skipped_no_contact"]),
        ]
    }
}
