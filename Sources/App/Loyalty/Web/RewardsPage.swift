/// `/rewards`: the rewards catalogue — admins change it here and on the settings page, dispatchers (who redeem rewards
/// for customers) read it.
enum RewardsPage {
    static func page(_ state: RewardsCatalogueCard.State, csrf: String) -> WebPage {
        WebPage(title: "Rewards", breadcrumbs: [("Gift cards", "/gift-cards"), ("Rewards", nil)], content: [
            .h1("Rewards"),
            RewardsCatalogueCard.card(state, returnTo: "/rewards", csrf: csrf),
        ])
    }
}
