import Fluent
import Vapor

/// The courier services as the dashboard's pages get them: the same `ClientService` and `TeamService` as the API, with
/// the same checks in the same order (404 outside a courier organization, then the role's permission).
enum CourierWebServices {
    static func clients(_ req: Request) async throws -> ClientService {
        try await ClientService.make(for: req)
    }

    static func teams(_ req: Request) async throws -> TeamService {
        let scope = try await CourierScope.make(for: req)
        try scope.principal.require(.seeTeams)
        return TeamService(database: req.database, scope: scope)
    }

    /// Every team of the organization by name, for the selects; none for a role that may not see teams.
    static func teamChoices(_ scope: CourierScope, on database: any Database) async throws -> [Team.Public] {
        guard scope.principal.role.allows(.seeTeams) else { return [] }
        let service = TeamService(database: database, scope: scope)
        var teams: [Team.Public] = []
        for number in 1... {
            let page = try await service.list(PageRequest(page: number, perPage: PageRequest.maxPerPage))
            teams += page.data
            if page.data.count < PageRequest.maxPerPage || teams.count >= page.total { break }
        }
        return teams
    }

    /// The organization's active agents by name: who may be a team's member.
    static func agents(_ scope: CourierScope, on database: any Database) async throws -> [User] {
        try await scope.tenant.query(User.self, on: database).filter(\.$role == .agent).filter(\.$disabled == false)
            .sort(\.$name).sort(\.$id).all()
    }

    /// Text typed into a form: nil when left empty.
    static func text(_ text: String?) -> String? {
        let trimmed = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The services' errors named as the forms' fields: `settings.brand_color` is the form's `brand_color`.
    static func formErrors(_ problem: Problem, fields: Set<String>) -> FormErrors {
        let renamed = problem.errors?.map { error in
            Problem.FieldError(field: error.field.hasPrefix("settings.") ? String(error.field.dropFirst("settings.".count)) : error.field,
                               message: error.message)
        }
        return FormErrors(Problem(problem.status, detail: problem.detail, errors: renamed), fields: fields)
    }
}
