import Foundation

/// Every task event's template on every channel, each a link to its editor, marked when the organization changed
/// it: a card on the settings page, and `/settings/templates` for everyone who sees notifications.
enum NotificationTemplatesList {
    static func card(_ templates: [NotificationTemplate.Public]) -> HTML {
        let head: [HTML] = [.th("Event")] + NotificationChannel.allCases.map { .th($0.label) }
        let rows: [HTML] = NotificationEvent.taskEvents.map { event in
            .element("tr", [:], [.element("th", ["scope": "row"], [.text(event.label)])] + NotificationChannel.allCases.map { channel in
                let template = templates.first { $0.event == event.rawValue && $0.channel == channel.rawValue }
                return .element("td", [:], [
                    .element("a", ["href": NotificationTemplatePage.path(event, channel),
                                   "aria-label": "Edit the \(event.label) \(channel.label) template"], [.text("Edit")]),
                    template?.customized == true ? .span(" Own wording", class: "tag") : .empty,
                ])
            })
        }
        return .section(["class": "card", "aria-labelledby": "templates-title"], [
            .h2("Message templates", id: "templates-title"),
            .p("What each message says. Templates without your own wording use the default.", class: "hint"),
            .table(caption: "Message templates", head: head, rows: rows),
        ])
    }

    static func page(_ templates: [NotificationTemplate.Public]) -> WebPage {
        WebPage(title: "Message templates", breadcrumbs: [("Notifications", "/notifications"), ("Message templates", nil)],
                content: [.h1("Message templates"), card(templates)])
    }
}
