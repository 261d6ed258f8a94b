import Foundation

/// `/teams/{id}`: one team — its name (a rename form), its agents as boxes of the organization's active agents (saved
/// all at once: an unticked agent leaves the team), and "Delete", which asks first. Read-only for dispatchers.
enum TeamDetailPage {
    static let fields: Set<String> = ["name", "user_ids"]

    struct Model {
        var team: Team.Public
        var agents: [User]
        var canManage: Bool
        /// The rename form's fields as typed, after a refusal.
        var values: [String: String] = [:]
        /// The agents' boxes as ticked, after a refusal; nil shows the team's agents.
        var ticked: [String: String]?
        var errors = FormErrors()
    }

    /// `member-<id>`: no brackets or dots, which the form decoder would read as nesting.
    static func memberField(_ id: UUID) -> String { "member-\(id.canonicalString)" }

    static func page(_ m: Model, csrf: String) -> WebPage {
        let team = m.team
        let path = TeamsPage.path(team.id)
        return WebPage(title: team.name, breadcrumbs: [("Teams", "/teams"), (team.name, nil)], content: [
            .div(["class": "page-head"], [
                .h1(team.name),
                m.canManage ? .link("Delete", to: path + "/delete", class: "button danger") : .empty,
            ]),
            .errorSummary(m.errors),
            m.canManage ? rename(m, csrf: csrf) : .empty,
            m.canManage ? members(m, csrf: csrf) : readOnlyMembers(team),
        ])
    }

    private static func rename(_ m: Model, csrf: String) -> HTML {
        .postForm(TeamsPage.path(m.team.id), csrf: csrf, class: "card", [
            .h2("Name", id: "rename-title"),
            .div(["class": "form-grid"], [
                .field("Team name", name: "name", value: m.values["name"] ?? m.team.name, errors: m.errors, required: true),
            ]),
            .div(["class": "actions"], [.button("Rename team")]),
        ])
    }

    private static func members(_ m: Model, csrf: String) -> HTML {
        let activeIDs = Set(m.agents.compactMap(\.id))
        let gone = m.team.members.filter { !activeIDs.contains($0.id) }
        let error = m.errors["user_ids"]
        return .postForm(TeamsPage.path(m.team.id) + "/members", csrf: csrf, class: "card", [
            .h2("Agents", id: "members-title"),
            m.agents.isEmpty ? .p("The organization has no active agents yet; add them on the users page.", class: "muted") : .element(
                "fieldset", ["class": error == nil ? "field wide" : "field wide has-error"], [
                    .element("legend", [:], [.text("Agents in this team")]),
                    .group(m.agents.map { agent in
                        let id = agent.id!
                        let checked = m.ticked.map { $0[memberField(id)] == "true" } ?? m.team.memberIds.contains(id)
                        return .checkbox("\(agent.name) (\(agent.email))", name: memberField(id), checked: checked)
                    }),
                    error.map { .element("p", ["class": "field-error"], [.text($0)]) } ?? .empty,
                ]),
            gone.isEmpty ? .empty : .p("No longer active agents, left out when the agents are saved: "
                                       + gone.map(\.name).joined(separator: ", ") + ".", class: "hint"),
            .div(["class": "actions"], [.button("Save agents")]),
        ])
    }

    private static func readOnlyMembers(_ team: Team.Public) -> HTML {
        .section(["class": "card", "aria-labelledby": "members-title"], [
            .h2("Agents", id: "members-title"),
            team.members.isEmpty ? .p("No agents yet.", class: "muted") : .ul([:], team.members.map { .text("\($0.name) (\($0.email))") }),
        ])
    }
}
