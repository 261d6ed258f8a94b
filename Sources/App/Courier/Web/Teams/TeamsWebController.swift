import Vapor

/// The courier's team pages: the list with "New team", one team with its name and its agents, and deleting it after a
/// confirmation step. Thin: `TeamService` does the work, as for the API; 404 outside a courier organization, admins
/// manage teams and dispatchers see them.
struct TeamsWebController {
    func boot(routes: any RoutesBuilder) {
        let teams = routes.grouped("teams")
        teams.get(use: list)
        teams.post(use: create)
        teams.get(":id", use: show)
        teams.post(":id", use: rename)
        teams.post(":id", "members", use: members)
        teams.get(":id", "delete", use: confirmDelete)
        teams.post(":id", "delete", use: delete)
    }

    func list(req: Request) async throws -> Response {
        try await renderList(req, try await CourierWebServices.teams(req))
    }

    func create(req: Request) async throws -> Response {
        let service = try await CourierWebServices.teams(req)
        let fields = try req.formFields()
        do {
            let team = try await service.create(Team.Input(name: fields["name"] ?? ""))
            return req.redirect(to: TeamsPage.path(team.id!), flash: "Team “\(team.name)” created. Choose its agents below.")
        } catch let problem as Problem where problem.status == .unprocessableEntity || problem.status == .conflict {
            return try await renderList(req, service, values: fields, errors: FormErrors(problem, fields: TeamDetailPage.fields),
                                        status: problem.status)
        }
    }

    func show(req: Request) async throws -> Response {
        let service = try await CourierWebServices.teams(req)
        return try await renderTeam(req, service, try await service.require(try req.uuidParameter("id")))
    }

    func rename(req: Request) async throws -> Response {
        let service = try await CourierWebServices.teams(req)
        let team = try await service.require(try req.uuidParameter("id"))
        let fields = try req.formFields()
        do {
            let renamed = try await service.rename(team, Team.Input(name: fields["name"] ?? ""))
            return req.redirect(to: TeamsPage.path(renamed.id!), flash: "Team renamed to “\(renamed.name)”.")
        } catch let problem as Problem where problem.status == .unprocessableEntity || problem.status == .conflict {
            let stored = try await service.require(try req.uuidParameter("id"))
            return try await renderTeam(req, service, stored, values: fields, errors: FormErrors(problem, fields: TeamDetailPage.fields),
                                        status: problem.status)
        }
    }

    /// The ticked agents become the team's agents, as the API's `PUT /teams/{id}/members`.
    func members(req: Request) async throws -> Response {
        let service = try await CourierWebServices.teams(req)
        let team = try await service.require(try req.uuidParameter("id"))
        let fields = try req.formFields()
        let ids = fields.filter { $0.key.hasPrefix("member-") && $0.value == "true" }.keys.sorted()
            .compactMap { UUID(uuidString: String($0.dropFirst("member-".count))) }
        do {
            let saved = try await service.setMembers(team, Team.MembersInput(userIDs: ids))
            let count = saved.members.count
            return req.redirect(to: TeamsPage.path(saved.id),
                                flash: "Agents of “\(saved.name)” saved: \(count == 0 ? "none" : count == 1 ? "1 agent" : "\(count) agents").")
        } catch let problem as Problem where problem.status == .unprocessableEntity {
            return try await renderTeam(req, service, team, ticked: fields, errors: FormErrors(problem, fields: TeamDetailPage.fields),
                                        status: problem.status)
        }
    }

    func confirmDelete(req: Request) async throws -> Response {
        let service = try await CourierWebServices.teams(req)
        try service.scope.principal.require(.manageTeams)
        let context = try req.dashboard
        let team = try await service.present(try await service.require(try req.uuidParameter("id")))
        return Layout.response(TeamDeletePage.page(team, csrf: context.csrf), context: context)
    }

    func delete(req: Request) async throws -> Response {
        let service = try await CourierWebServices.teams(req)
        let team = try await service.require(try req.uuidParameter("id"))
        try await service.delete(team)
        return req.redirect(to: "/teams", flash: "Team “\(team.name)” deleted.")
    }

    private func renderList(_ req: Request, _ service: TeamService, values: [String: String] = [:], errors: FormErrors = FormErrors(),
                            status: HTTPStatus = .ok) async throws -> Response {
        let context = try req.dashboard
        let query = WebQuery.values(of: req, keys: ["page"])
        let page = PageRequest(page: CourierPager.number(query["page"]), perPage: PageRequest.defaultPerPage)
        let model = TeamsPage.Model(teams: try await service.list(page), query: query,
                                    canManage: context.role.allows(.manageTeams), values: values, errors: errors)
        return Layout.response(TeamsPage.page(model, csrf: context.csrf), context: context, status: status)
    }

    private func renderTeam(_ req: Request, _ service: TeamService, _ team: Team, values: [String: String] = [:],
                            ticked: [String: String]? = nil, errors: FormErrors = FormErrors(),
                            status: HTTPStatus = .ok) async throws -> Response {
        let context = try req.dashboard
        let canManage = context.role.allows(.manageTeams)
        let agents = canManage ? try await CourierWebServices.agents(service.scope, on: req.database) : []
        let model = TeamDetailPage.Model(team: try await service.present(team), agents: agents, canManage: canManage,
                                         values: values, ticked: ticked, errors: errors)
        return Layout.response(TeamDetailPage.page(model, csrf: context.csrf), context: context, status: status)
    }
}
