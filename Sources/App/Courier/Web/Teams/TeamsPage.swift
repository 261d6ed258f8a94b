import Foundation

/// `/teams`: the courier's teams by name with their agents, paged by number in the query string, and the "New team"
/// form for the roles that may manage teams.
enum TeamsPage {
    struct Model {
        var teams: Page<Team.Public>
        var query: [String: String]
        var canManage: Bool
        var values: [String: String] = [:]
        var errors = FormErrors()
    }

    static func page(_ m: Model, csrf: String) -> WebPage {
        WebPage(title: "Teams", breadcrumbs: [("Teams", nil)], content: [
            .h1("Teams"),
            .section(["aria-labelledby": "teams-title"], [
                .h2("By name", id: "teams-title"),
                m.teams.data.isEmpty ? .div(["class": "card empty"], [.p("No teams yet.")]) : table(m.teams.data),
                CourierPager.pager(page: m.teams.page, perPage: m.teams.perPage, total: m.teams.total, key: "page",
                                   base: "/teams", query: m.query),
            ]),
            m.canManage ? newTeam(m, csrf: csrf) : .empty,
        ])
    }

    private static func table(_ teams: [Team.Public]) -> HTML {
        .table(caption: "Teams", head: [.th("Team"), .th("Agents")], rows: teams.map { team in
            let href = path(team.id)
            return .element("tr", ["data-href": href, "tabindex": "0", "id": "team-\(team.id.canonicalString)"], [
                .td([.link(team.name, to: href)], class: "primary"),
                .td(team.members.isEmpty ? "No agents yet" : team.members.map(\.name).joined(separator: ", "), label: "Agents"),
            ])
        }, stacked: true)
    }

    private static func newTeam(_ m: Model, csrf: String) -> HTML {
        .postForm("/teams", csrf: csrf, class: "card", [
            .h2("New team", id: "new-team"),
            .errorSummary(m.errors),
            .div(["class": "form-grid"], [
                .field("Name", name: "name", value: m.values["name"], errors: m.errors, required: true, idPrefix: "new"),
            ]),
            .div(["class": "actions"], [.button("Create team")]),
        ])
    }

    static func path(_ id: UUID) -> String { "/teams/\(id.canonicalString)" }
}
