import Vapor

/// The template pages under `/settings/templates`: the list, one template's editor, save, preview and reset. Thin:
/// `NotificationTemplateEditor` checks, saves and renders, as for the API. Admins and dispatchers read and preview;
/// admins change.
struct NotificationTemplatesWebController {
    func boot(routes: any RoutesBuilder) {
        let templates = routes.grouped("settings", "templates")
        templates.get(use: list)
        templates.get(":event", ":channel", use: show)
        templates.post(":event", ":channel", use: save)
        templates.post(":event", ":channel", "preview", use: preview)
        templates.post(":event", ":channel", "reset", use: reset)
    }

    private func editor(_ req: Request, _ permission: Permission) async throws -> NotificationTemplateEditor {
        try await NotificationTemplateEditor.make(for: req, permission)
    }

    /// The template's event and channel; an address naming neither is a page that does not exist.
    private func key(_ req: Request) throws -> (NotificationEvent, NotificationChannel) {
        do {
            return try NotificationTemplateEditor.key(req.parameters.get("event") ?? "", req.parameters.get("channel") ?? "")
        } catch let problem as Problem where problem.status == .unprocessableEntity {
            throw Problem.notFound("template")
        }
    }

    func list(req: Request) async throws -> Response {
        let templates = try await editor(req, .seeNotifications).list()
        return Layout.response(NotificationTemplatesList.page(templates), context: try req.dashboard)
    }

    func show(req: Request) async throws -> Response {
        let editor = try await editor(req, .seeNotifications)
        let (event, channel) = try key(req)
        let template = try await editor.template(event.rawValue, channel.rawValue)
        let values = ["subject": template.subject ?? "", "body": template.body]
        return try await render(req, editor, event, channel, values: values)
    }

    func save(req: Request) async throws -> Response {
        let editor = try await editor(req, .editNotificationTemplates)
        let (event, channel) = try key(req)
        let fields = try req.formFields()
        do {
            _ = try await editor.save(event.rawValue, channel.rawValue, Self.input(fields, channel), by: try req.principal.user.name)
            return req.redirect(to: NotificationTemplatePage.path(event, channel), flash: "Template saved.")
        } catch let problem as Problem where problem.status == .unprocessableEntity {
            return try await render(req, editor, event, channel, values: fields,
                                    errors: FormErrors(problem, fields: NotificationTemplatePage.fields), status: problem.status)
        }
    }

    func preview(req: Request) async throws -> Response {
        let editor = try await editor(req, .seeNotifications)
        let (event, channel) = try key(req)
        let fields = try req.formFields()
        do {
            let rendered = try await editor.preview(event.rawValue, channel.rawValue, Self.input(fields, channel))
            return try await render(req, editor, event, channel, values: fields, preview: rendered)
        } catch let problem as Problem where problem.status == .unprocessableEntity {
            return try await render(req, editor, event, channel, values: fields,
                                    errors: FormErrors(problem, fields: NotificationTemplatePage.fields), status: problem.status)
        }
    }

    func reset(req: Request) async throws -> Response {
        let editor = try await editor(req, .editNotificationTemplates)
        let (event, channel) = try key(req)
        try await editor.reset(event.rawValue, channel.rawValue)
        return req.redirect(to: NotificationTemplatePage.path(event, channel), flash: "The default wording is back in use.")
    }

    /// Only email has a subject; the other channels' forms have no such field.
    private static func input(_ fields: [String: String], _ channel: NotificationChannel) -> NotificationTemplateEditor.Input {
        NotificationTemplateEditor.Input(subject: channel == .email ? fields["subject"] ?? "" : nil, body: fields["body"] ?? "")
    }

    private func render(_ req: Request, _ editor: NotificationTemplateEditor, _ event: NotificationEvent, _ channel: NotificationChannel,
                        values: [String: String], errors: FormErrors = FormErrors(), preview: TemplateRenderer.Rendered? = nil,
                        status: HTTPStatus = .ok) async throws -> Response {
        let context = try req.dashboard
        let model = NotificationTemplatePage.Model(
            event: event, channel: channel, template: try await editor.template(event.rawValue, channel.rawValue),
            values: values, errors: errors, preview: preview, canEdit: context.role.allows(.editNotificationTemplates))
        return Layout.response(NotificationTemplatePage.page(model, csrf: context.csrf), context: context, status: status)
    }
}
