/// `/teams/{id}/delete`: the confirmation step before a team is deleted (it works without script).
enum TeamDeletePage {
    static func page(_ team: Team.Public, csrf: String) -> WebPage {
        let path = TeamsPage.path(team.id)
        return WebPage(title: "Delete \(team.name)", breadcrumbs: [("Teams", "/teams"), (team.name, path), ("Delete", nil)], content: [
            .div(["class": "card"], [
                .h1("Delete team “\(team.name)”?"),
                .p("Its tasks keep their agents and lose the team; clients whose orders went to it send them unassigned."),
                .postForm(path + "/delete", csrf: csrf, class: "actions", [
                    .button("Yes, delete the team", class: "button danger"),
                    .link("Keep it", to: path, class: "button secondary"),
                ]),
            ]),
        ])
    }
}
