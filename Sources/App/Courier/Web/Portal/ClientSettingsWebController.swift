import Vapor

/// `GET, POST /client/settings`: the client's notification choices and tracking-page look, saved by
/// `ClientSettingsUpdate` as the API's `PATCH /client/settings` is.
struct ClientSettingsWebController {
    func boot(routes: any RoutesBuilder) {
        routes.get("settings", use: show)
        routes.post("settings", use: save)
    }

    func show(req: Request) async throws -> Response {
        let context = try req.clientPortal
        return render(req, context, ClientSettingsForm.State(settings: context.client.settings), status: .ok)
    }

    func save(req: Request) async throws -> Response {
        let context = try req.clientPortal
        let scope = try await ClientPortalScope.make(for: req)
        let fields = try req.formFields()
        let update = ClientSettingsUpdate(req, scope: scope)
        do {
            _ = try await update.apply(ClientSettingsForm.body(fields, saved: scope.client.settings))
            return req.redirect(to: "/client/settings", flash: "Settings saved.")
        } catch let problem as Problem where problem.status == .unprocessableEntity {
            let state = ClientSettingsForm.State(settings: scope.client.settings, values: fields,
                                                 errors: PortalFormErrors.make(problem, fields: ClientSettingsForm.fields, dropping: "settings"))
            return render(req, context, state, status: problem.status)
        }
    }

    private func render(_ req: Request, _ context: ClientPortalContext, _ state: ClientSettingsForm.State, status: HTTPStatus) -> Response {
        let page = ClientSettingsPage.page(state, clientName: context.client.name, courier: context.organization.name, csrf: context.csrf)
        let response = PortalLayout.response(page, context: context, status: status)
        TrackingPreview.allow(state.settings, clientName: context.client.name, on: response)
        return response
    }
}
