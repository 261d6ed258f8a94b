import Foundation

/// The editor of one event's template on one channel: subject (email) and body, Save, Preview with sample values,
/// Reset to default, and the variables beside it. A refused template shows its problem next to the field.
enum NotificationTemplatePage {
    static let fields: Set<String> = ["subject", "body"]

    struct Model {
        let event: NotificationEvent
        let channel: NotificationChannel
        let template: NotificationTemplate.Public
        /// What the form shows: the template, or what was typed when it was refused or previewed.
        var values: [String: String]
        var errors = FormErrors()
        var preview: TemplateRenderer.Rendered?
        let canEdit: Bool
    }

    static func path(_ event: NotificationEvent, _ channel: NotificationChannel) -> String {
        "/settings/templates/\(event.rawValue)/\(channel.rawValue)"
    }

    static func page(_ m: Model, csrf: String) -> WebPage {
        let title = "\(m.event.label) · \(m.channel.label)"
        return WebPage(title: title, breadcrumbs: [("Message templates", "/settings/templates"), (title, nil)], content: [
            .h1(title),
            .div(["class": "columns"], [
                .div([:], [form(m, csrf: csrf), m.preview.map { preview($0) } ?? .empty]),
                .div([:], [variables(m)]),
            ]),
        ])
    }

    private static func form(_ m: Model, csrf: String) -> HTML {
        let path = path(m.event, m.channel)
        let wording = m.template.customized
            ? "Your own wording" + (m.template.updatedBy.map { ", last changed by \($0)" } ?? "")
              + (m.template.updatedAt.map { " on \(Formats.dateTime($0))" } ?? "") + "."
            : "The default wording."
        return .div(["class": "card template-form"], [
            .p(wording, class: "hint"),
            .postForm(path, csrf: csrf, [
                .errorSummary(m.errors),
                m.channel == .email
                    ? .field("Subject", name: "subject", value: m.values["subject"], errors: m.errors, idPrefix: "t")
                    : .empty,
                .textArea("Body", name: "body", value: m.values["body"], errors: m.errors, idPrefix: "t",
                          hint: m.channel == .email ? "HTML. The values of variables are escaped." : "Plain text."),
                .div(["class": "actions"], [
                    m.canEdit ? .button("Save") : .empty,
                    .element("button", ["type": "submit", "class": "button secondary", "formaction": path + "/preview"],
                             [.text("Preview")]),
                ]),
                m.canEdit ? .empty : .p("Only admins change templates; you may try a wording and preview it.", class: "hint"),
            ]),
            m.canEdit && m.template.customized
                ? .postForm(path + "/reset", csrf: csrf, class: "actions", confirm: "Go back to the default wording? Yours is removed.",
                            [.button("Reset to default", class: "button danger")])
                : .empty,
        ])
    }

    /// The rendered message; its HTML part is shown as escaped source, so nothing in it runs in the dashboard.
    private static func preview(_ rendered: TemplateRenderer.Rendered) -> HTML {
        .section(["class": "card", "aria-labelledby": "preview-title", "id": "preview"], [
            .h2("Preview with sample values", id: "preview-title"),
            rendered.subject.map { .group([.element("h3", [:], [.text("Subject")]), .p(["id": "preview-subject"], [.text($0)])]) }
                ?? .empty,
            .element("h3", [:], [.text(rendered.html == nil ? "Message" : "Text part")]),
            .element("pre", ["class": "message", "id": "preview-text"], [.text(rendered.text)]),
            rendered.html.map { html in
                .group([
                    .element("h3", [:], [.text("HTML part (its source, shown as text)")]),
                    .element("pre", ["class": "message", "id": "preview-html"], [.element("code", [:], [.text(html)])]),
                ])
            } ?? .empty,
        ])
    }

    private static func variables(_ m: Model) -> HTML {
        .section(["class": "card", "aria-labelledby": "variables-title"], [
            .h2("Variables", id: "variables-title"),
            .ul([:], m.template.variables.map { .element("code", [:], [.text("{{\($0)}}")]) }),
            .p("A section shows its content only when the value is there: {{#task.eta}}by {{task.eta}}{{/task.eta}}.",
               class: "hint"),
        ])
    }
}
