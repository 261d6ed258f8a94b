import Vapor

/// What the settings page shows of loyalty: the programme's form and the rewards catalogue (admins change both).
enum LoyaltySettingsCards {
    static func cards(_ req: Request, organization: Organization, state: LoyaltyProgramForm.State, csrf: String) async throws -> [HTML] {
        let principal = try req.principal
        let rewards = try await RewardsCatalogue(tenant: try principal.tenant(), database: req.database).all()
        return [
            LoyaltyProgramForm.form(organization.loyaltyProgram, state, csrf: csrf),
            RewardsCatalogueCard.card(.init(rewards: rewards, canManage: principal.role.allows(.manageRewards)),
                                      returnTo: "/settings", csrf: csrf),
        ]
    }
}
