/// Routes of notifications, templates and marketing messages.
enum NotificationOperations {
    typealias O = APIOperation

    static let filters = [O.query("status", "queued, sending, sent, failed or skipped"), O.query("channel", "email, sms or in_app"),
                          O.query("event", "task_created, task_accepted, task_in_transit, task_completed, task_cancelled or marketing"),
                          O.query("task_id", "Only this task's")]
    static let templateKey: [String: JSONValue] = [
        "event": ["type": "string", "enum": .array(NotificationEvent.taskEvents.map { .string($0.rawValue) })],
        "channel": ["type": "string", "enum": .array(NotificationChannel.allCases.map { .string($0.rawValue) })],
    ]

    static let all: [APIOperation] = [
        O(method: "GET", path: "/api/v1/notifications", summary: "Notifications, newest first (admins, dispatchers)",
          tag: "notifications", parameters: O.pagination + filters + [O.query("customer_id", "Only this customer's")],
          success: (200, "A page of notifications", "NotificationPage"), errors: [403, 422]),
        O(method: "GET", path: "/api/v1/notifications/{id}", summary: "One notification", tag: "notifications",
          success: (200, "The notification", "Notification"), errors: [403, 404]),
        O(method: "POST", path: "/api/v1/notifications/{id}/retry", summary: "Queue a failed notification again",
          tag: "notifications", success: (200, "The notification, queued", "Notification"), errors: [403, 404, 409]),
        O(method: "GET", path: "/api/v1/customers/{id}/notifications", summary: "The customer's notifications, newest first",
          tag: "notifications", parameters: O.pagination + filters,
          success: (200, "A page of notifications", "NotificationPage"), errors: [403, 404, 422]),
        O(method: "GET", path: "/api/v1/notification-templates",
          summary: "Every task event's template on every channel: the organization's own or the default", tag: "notifications",
          success: (200, "The templates", "NotificationTemplateList"), errors: [403]),
        O(method: "GET", path: "/api/v1/notification-templates/{event}/{channel}", summary: "One template",
          tag: "notifications", success: (200, "The template", "NotificationTemplate"), errors: [403], pathSchemas: templateKey),
        O(method: "PUT", path: "/api/v1/notification-templates/{event}/{channel}",
          summary: "Write the organization's own template (admins); an unknown variable or a broken template is 422 naming body",
          tag: "notifications", requestSchema: "NotificationTemplateInput",
          success: (200, "The template", "NotificationTemplate"), errors: [403], pathSchemas: templateKey),
        O(method: "DELETE", path: "/api/v1/notification-templates/{event}/{channel}",
          summary: "Go back to the default template (admins)", tag: "notifications",
          success: (204, "The default is in use", nil), errors: [403], pathSchemas: templateKey),
        O(method: "POST", path: "/api/v1/notification-templates/{event}/{channel}/preview",
          summary: "Render the template sent (or the one in use) with sample values; nothing is saved", tag: "notifications",
          requestSchema: "NotificationTemplateInput", success: (200, "The rendered message", "NotificationPreview"),
          errors: [403], pathSchemas: templateKey),
        O(method: "POST", path: "/api/v1/messages",
          summary: "A marketing message to the customers named (ids, filters) who opted in for the channel",
          tag: "notifications", parameters: [CustomerOperationsHeaders.idempotencyKey], requestSchema: "MessageInput",
          success: (202, "Queued; the counts of those skipped", "MessageResult"), errors: [403]),
    ]
}
