import Fluent
import Vapor

/// Settings, users and statistics pages. Writes go through the services the API uses (`OrganizationSettingsUpdate`,
/// `UserAdministration`), so the same permissions and validation apply.
struct AdminWebController {
    func boot(routes: any RoutesBuilder) {
        routes.get("settings", use: settings)
        routes.post("settings", use: saveSettings)
        routes.post("settings", "notifications", use: saveNotifications)
        routes.get("users", use: users)
        routes.post("users", use: createUser)
        routes.post("users", ":id", use: updateUser)
        routes.get("stats", use: stats)
    }

    func settings(req: Request) async throws -> Response {
        try await renderSettings(req, values: nil, errors: FormErrors(), status: .ok)
    }

    func saveSettings(req: Request) async throws -> Response {
        let organizationID = try req.principal.tenant().organizationID
        let f = try req.formFields()
        let body: JSONValue = .object([
            "name": .string(f["name"] ?? ""),
            "settings": .object([
                "default_country": .string(f["default_country"] ?? ""), "timezone": .string(f["timezone"] ?? ""),
                "currency": .string(f["currency"] ?? ""), "unique_customer_names": .bool(f["unique_customer_names"] == "true"),
                "courier": .bool(f["courier"] == "true"),
            ]),
        ])
        do {
            _ = try await OrganizationSettingsUpdate(req).apply(try body.decoded(as: Organization.Update.self), to: organizationID)
            return req.redirect(to: "/settings", flash: "Settings saved.")
        } catch let problem as Problem where problem.status == .unprocessableEntity || problem.status == .conflict {
            var values = f
            for key in ["default_country", "timezone", "currency", "unique_customer_names", "courier"] { values[key] = f[key] ?? "" }
            let errors = FormErrors(Problem(problem.status, detail: problem.detail, errors: problem.errors?.map {
                .init(field: $0.field.replacingOccurrences(of: "settings.", with: ""), message: $0.message)
            }), fields: AdminPages.settingsFields)
            return try await renderSettings(req, values: values, errors: errors, status: problem.status)
        }
    }

    /// The event × channel matrix, saved as `settings.notifications` like the API's PATCH.
    func saveNotifications(req: Request) async throws -> Response {
        let organizationID = try req.principal.tenant().organizationID
        let body: JSONValue = .object(["settings": .object(["notifications": NotificationMatrixForm.settings(from: try req.formFields())])])
        do {
            _ = try await OrganizationSettingsUpdate(req).apply(try body.decoded(as: Organization.Update.self), to: organizationID)
            return req.redirect(to: "/settings", flash: "Notification settings saved.")
        } catch let problem as Problem where problem.status == .unprocessableEntity {
            return try await renderSettings(req, values: nil, errors: FormErrors(), matrixErrors: FormErrors(problem, fields: []),
                                            status: problem.status)
        }
    }

    func users(req: Request) async throws -> Response {
        try await renderUsers(req, values: [:], errors: FormErrors(), status: .ok)
    }

    func createUser(req: Request) async throws -> Response {
        let f = try req.formFields()
        let body = User.Create(email: f["email"], name: f["name"], password: f["password"], role: f["role"])
        do {
            _ = try await req.userAdministration.create(body)
            return req.redirect(to: "/users", flash: "User \(f["name"] ?? "") added.")
        } catch let problem as Problem where problem.status == .unprocessableEntity || problem.status == .conflict {
            return try await renderUsers(req, values: f, errors: FormErrors(problem, fields: AdminPages.userFields), status: problem.status)
        }
    }

    func updateUser(req: Request) async throws -> Response {
        let id = try req.uuidParameter("id")
        let f = try req.formFields()
        let body = User.Update(role: f["role"], disabled: f["disabled"].map { $0 == "true" })
        do {
            let user = try await req.userAdministration.update(id, with: body)
            return req.redirect(to: "/users", flash: "\(user.name) is now \(user.disabled ? "disabled" : Formats.label(user.role.rawValue).lowercased()).")
        } catch let problem as Problem where problem.status == .unprocessableEntity || problem.status == .conflict {
            return req.redirect(to: "/users", flash: "Not changed: \(problem.detail)")
        }
    }

    func stats(req: Request) async throws -> Response {
        let principal = try req.principal
        try principal.require(.viewStatistics)
        let context = try req.dashboard
        let reads = try await req.lagTolerantDatabase()
        let stats = try await CustomerStats.compute(for: try principal.tenant(), on: reads)
        guard let organization = context.organization else { throw Problem.notFound("organization") }
        let weekly = try await WeeklyStats.compute(for: organization, on: reads)
        let timezone = TimeZone(identifier: organization.timezone) ?? .gmt
        return Layout.response(StatsPage.page(stats, weekly: weekly, timezone: timezone), context: context)
    }

    /// The settings page; `loyalty` is what the loyalty programme's form shows when its post was refused.
    func renderSettings(_ req: Request, values: [String: String]?, errors: FormErrors, matrixErrors: FormErrors = FormErrors(),
                        loyalty: LoyaltyProgramForm.State = LoyaltyProgramForm.State(), status: HTTPStatus) async throws -> Response {
        let context = try req.dashboard
        try req.principal.require(.manageOrganization)
        _ = try req.principal.tenant()   // a super admin outside any organization is sent to pick one
        guard let organization = context.organization else { throw Problem.notFound("organization") }
        let templates = try await NotificationTemplateEditor(database: req.database, organization: organization,
                                                             publicURL: req.application.config.outbox.publicURL).list()
        let notifications = [NotificationMatrixForm.form(organization.settings.notifications, errors: matrixErrors, csrf: context.csrf),
                             NotificationTemplatesList.card(templates)]
        let loyaltyCards = try await LoyaltySettingsCards.cards(req, organization: organization, state: loyalty, csrf: context.csrf)
        return Layout.response(AdminPages.settings(organization, values: values, errors: errors, csrf: context.csrf,
                                                   notifications: loyaltyCards + notifications),
                               context: context, status: status)
    }

    private func renderUsers(_ req: Request, values: [String: String], errors: FormErrors, status: HTTPStatus) async throws -> Response {
        let context = try req.dashboard
        let principal = try req.principal
        try principal.require(.manageUsers)
        let users = try await StaffUsers.query(try principal.tenant(), on: req.database).sort(\.$name).limit(500).all()
        return Layout.response(AdminPages.users(users, me: principal.userID, values: values, errors: errors, csrf: context.csrf),
                               context: context, status: status)
    }
}
