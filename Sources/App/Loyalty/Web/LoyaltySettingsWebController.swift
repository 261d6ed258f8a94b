import Vapor

/// `POST /settings/loyalty`: the settings page's "Loyalty programme" form, saved as `settings.loyalty` through
/// `OrganizationSettingsUpdate` like the API's PATCH (admins only, as every setting).
struct LoyaltySettingsWebController {
    func boot(routes: any RoutesBuilder) {
        routes.post("settings", "loyalty", use: save)
    }

    func save(req: Request) async throws -> Response {
        let organizationID = try req.principal.tenant().organizationID
        let fields = try req.formFields()
        let body: JSONValue = .object(["settings": .object(["loyalty": LoyaltyProgramForm.settings(from: fields)])])
        do {
            _ = try await OrganizationSettingsUpdate(req).apply(try body.decoded(as: Organization.Update.self), to: organizationID)
            return req.redirect(to: "/settings#loyalty-title", flash: "Loyalty programme saved.")
        } catch let problem as Problem where problem.status == .unprocessableEntity {
            let state = LoyaltyProgramForm.State(values: fields, errors: LoyaltyProgramForm.errors(problem))
            return try await AdminWebController().renderSettings(req, values: nil, errors: FormErrors(), loyalty: state,
                                                                 status: problem.status)
        }
    }
}
