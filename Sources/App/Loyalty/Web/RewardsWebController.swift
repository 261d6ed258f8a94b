import Vapor

/// The rewards catalogue pages: `/rewards` (admins and dispatchers read it), adding a reward and changing one (admins).
/// Thin: `RewardsCatalogue` applies `Reward`'s rules, as the API does; a change goes back to the page it came from.
struct RewardsWebController {
    func boot(routes: any RoutesBuilder) {
        routes.get("rewards", use: list)
        routes.post("rewards", use: add)
        routes.post("rewards", ":id", use: change)
    }

    private func catalogue(_ req: Request, _ permission: Permission) throws -> RewardsCatalogue {
        let principal = try req.principal
        let tenant = try principal.tenant()
        try principal.require(permission)
        return RewardsCatalogue(tenant: tenant, database: req.database)
    }

    func list(req: Request) async throws -> Response {
        try await render(req, try catalogue(req, .seeLoyalty))
    }

    func add(req: Request) async throws -> Response {
        let catalogue = try catalogue(req, .manageRewards)
        let fields = try req.formFields()
        do {
            let reward = try await catalogue.add(try RewardsCatalogueCard.input(fields))
            return req.redirect(to: Self.back(fields) + "#rewards", flash: "Reward “\(reward.name)” added.")
        } catch let problem as Problem where problem.status == .unprocessableEntity {
            return try await render(req, catalogue, values: fields, errors: FormErrors(problem, fields: RewardsCatalogueCard.fields),
                                    status: problem.status)
        }
    }

    func change(req: Request) async throws -> Response {
        let catalogue = try catalogue(req, .manageRewards)
        let fields = try req.formFields()
        do {
            let reward = try await catalogue.change(try req.uuidParameter("id"), try RewardsCatalogueCard.input(fields))
            return req.redirect(to: Self.back(fields) + "#rewards",
                                flash: "Reward “\(reward.name)” saved: \(LoyaltyEntryTable.points(reward.pointsCost)), \(reward.active ? "active" : "inactive").")
        } catch let problem as Problem where problem.status == .unprocessableEntity {
            return req.redirect(to: Self.back(fields) + "#rewards", flash: "Not changed: \(problem.detail)")
        }
    }

    /// The settings page or the rewards page; nothing else.
    private static func back(_ fields: [String: String]) -> String {
        fields["return_to"] == "/settings" ? "/settings" : "/rewards"
    }

    private func render(_ req: Request, _ catalogue: RewardsCatalogue, values: [String: String] = [:], errors: FormErrors = FormErrors(),
                        status: HTTPStatus = .ok) async throws -> Response {
        let context = try req.dashboard
        let state = RewardsCatalogueCard.State(rewards: try await catalogue.all(), canManage: context.role.allows(.manageRewards),
                                               values: values, errors: errors)
        return Layout.response(RewardsPage.page(state, csrf: context.csrf), context: context, status: status)
    }
}
