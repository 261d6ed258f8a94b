/// What each event says when the organization has not written its own. Email bodies are HTML (values escaped when
/// rendered); SMS and in-app bodies are plain text.
enum NotificationTemplateDefaults {
    static func text(_ event: NotificationEvent, _ channel: NotificationChannel) -> TemplateText {
        let headline = self.headline(event)
        switch channel {
        case .email:
            return TemplateText(subject: subject(event), body: """
                <p>Hello {{customer.first_name}},</p>
                <p>\(headline)</p>
                {{#tracking_url}}<p><a href="{{tracking_url}}">Follow your delivery</a></p>{{/tracking_url}}
                <p>{{organization.name}}</p>
                """)
        case .sms:
            return TemplateText(subject: nil, body: "{{organization.name}}: \(headline){{#tracking_url}} {{tracking_url}}{{/tracking_url}}")
        case .inApp:
            return TemplateText(subject: nil, body: headline)
        }
    }

    private static func subject(_ event: NotificationEvent) -> String {
        switch event {
        case .taskCreated: "We have your order {{order.number}}"
        case .taskAccepted: "Your order {{order.number}} has a driver"
        case .taskInTransit: "Your order {{order.number}} is on its way"
        case .taskCompleted: "Your order {{order.number}} was delivered"
        case .taskCancelled: "Your delivery of order {{order.number}} was cancelled"
        case .marketing: "News from {{organization.name}}"
        case .clientInvitation, .clientEmailChange: "{{organization.name}}"
        }
    }

    private static func headline(_ event: NotificationEvent) -> String {
        switch event {
        case .taskCreated: "We have received your order {{order.number}} and will let you know when it is on its way."
        case .taskAccepted: "A driver has accepted the delivery of your order {{order.number}}."
        case .taskInTransit: "Your order {{order.number}} is on its way{{#task.eta}}, expected by {{task.eta}}{{/task.eta}}."
        case .taskCompleted: "Your order {{order.number}} has been delivered. Thank you!"
        case .taskCancelled: "The delivery of your order {{order.number}} has been cancelled."
        case .marketing, .clientInvitation, .clientEmailChange: ""
        }
    }
}
