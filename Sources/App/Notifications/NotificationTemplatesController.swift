import Vapor

/// `GET /notification-templates`, `GET, PUT, DELETE /notification-templates/{event}/{channel}` and
/// `POST …/preview`. Admins change them; dispatchers read and preview.
struct NotificationTemplatesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let templates = routes.grouped("notification-templates")
        templates.get(use: list)
        templates.get(":event", ":channel", use: show)
        templates.put(":event", ":channel", use: save)
        templates.delete(":event", ":channel", use: reset)
        templates.post(":event", ":channel", "preview", use: preview)
    }

    struct List: Content {
        let data: [NotificationTemplate.Public]
    }

    private func editor(_ req: Request, _ permission: Permission) async throws -> NotificationTemplateEditor {
        try await NotificationTemplateEditor.make(for: req, permission)
    }

    private func key(_ req: Request) -> (String, String) {
        (req.parameters.get("event") ?? "", req.parameters.get("channel") ?? "")
    }

    func list(req: Request) async throws -> List {
        List(data: try await editor(req, .seeNotifications).list())
    }

    func show(req: Request) async throws -> NotificationTemplate.Public {
        let (event, channel) = key(req)
        return try await editor(req, .seeNotifications).template(event, channel)
    }

    func save(req: Request) async throws -> NotificationTemplate.Public {
        let editor = try await editor(req, .editNotificationTemplates)
        let (event, channel) = key(req)
        return try await editor.save(event, channel, try req.decodeJSON(NotificationTemplateEditor.Input.self),
                                     by: try req.principal.user.name)
    }

    func reset(req: Request) async throws -> HTTPStatus {
        let (event, channel) = key(req)
        try await editor(req, .editNotificationTemplates).reset(event, channel)
        return .noContent
    }

    func preview(req: Request) async throws -> NotificationTemplate.Preview {
        let editor = try await editor(req, .seeNotifications)
        let (event, channel) = key(req)
        let input = req.body.data == nil ? nil : try req.decodeJSON(NotificationTemplateEditor.Input.self)
        return .init(try await editor.preview(event, channel, input))
    }
}
