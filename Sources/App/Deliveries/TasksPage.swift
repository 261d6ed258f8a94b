import Foundation

/// The tasks list, and the tasks table with a button for each status move the caller may make — only the
/// moves the life cycle allows from the current status.
enum TasksPage {
    struct Moves {
        let principal: Principal
        let csrf: String
        let agents: [User]
        let returnTo: String
    }

    static func page(_ tasks: Page<DeliveryTask.Public>, query: [String: String], moves: Moves, problem: String?) -> WebPage {
        WebPage(title: "Tasks", breadcrumbs: [("Tasks", nil)], content: [
            .h1("Tasks"),
            .element("form", ["method": "get", "action": "/tasks", "class": "card filters"], [
                .select("Status", name: "status", options: [("", "Any status")] + TaskStatus.allCases.map { ($0.rawValue, Formats.label($0.rawValue)) },
                        selected: query["status"]),
                .select("Type", name: "type", options: [("", "Any type")] + TaskType.allCases.map { ($0.rawValue, Formats.label($0.rawValue)) },
                        selected: query["type"]),
                .div(["class": "field"], [.button("Filter")]),
            ]),
            problem.map { .div(["class": "flash error", "role": "alert"], [.text($0)]) } ?? .empty,
            tasks.data.isEmpty ? .div(["class": "card empty"], [.p("No tasks match.")]) : table(tasks.data, moves: moves),
            ListPager.pager(tasks.page, perPage: tasks.perPage, total: tasks.total, count: tasks.data.count,
                            nextCursor: tasks.nextCursor, base: "/tasks", query: query),
        ])
    }

    static func allowedMoves(_ task: DeliveryTask, for principal: Principal) -> [TaskStatus] {
        let current = TaskStatus(rawValue: task.status) ?? .new
        switch principal.role {
        case .guest: return []
        case .agent: return current.allowedMoves.filter { task.agentID == principal.userID && current.agentMayMove(to: $0) }
        default: return current.allowedMoves
        }
    }

    static func table(_ tasks: [DeliveryTask.Public], moves: Moves?) -> HTML {
        var head: [HTML] = [.th("Task and status"), .th("Where"), .th("Agent"), .th("Team"), .th("Created")]
        if moves != nil { head.append(.th("Move to")) }
        let rows: [HTML] = tasks.map { item -> HTML in
            let t = item.task
            let location = TaskLocation.decode(t.dropoffJSON) ?? TaskLocation.decode(t.pickupJSON)
            return .element("tr", ["id": "task-\(t.id!.canonicalString)"], [
                .td([.text(Formats.label(t.type)), .text(" "), .span(Formats.label(t.status), class: "status \(t.status)"),
                     t.contactName.map { .p($0, class: "muted") } ?? .empty], class: "primary"),
                .td(location?.formatted ?? location?.line1 ?? "—", label: "Where"),
                .td(t.agentID.flatMap { item.names.agents[$0] } ?? "—", label: "Agent"),
                .td(t.teamID.flatMap { item.names.teams[$0] } ?? "—", label: "Team"),
                .td(Formats.date(t.createdAt), label: "Created"),
                moves.map { .td([buttons(t, $0)]) } ?? .empty,
            ])
        }
        return .table(caption: "Tasks", head: head, rows: rows, stacked: true)
    }

    private static func buttons(_ task: DeliveryTask, _ moves: Moves) -> HTML {
        let action = "/tasks/\(task.id!.canonicalString)/transitions"
        let allowed = allowedMoves(task, for: moves.principal)
        guard !allowed.isEmpty else { return .span("—", class: "muted") }
        return .div(["class": "actions"], allowed.map { next in
            let confirm = next == .cancelled ? "Cancel this task?" : nil
            let prefix = "t-\(task.id!.canonicalString)"
            let fields: [HTML] = next == .assigned
                ? [.select("Agent", name: "agent_id", options: moves.agents.map { ($0.id!.canonicalString, $0.name) },
                           selected: task.agentID?.canonicalString, idPrefix: prefix)]
                : []
            return .postForm(action, csrf: moves.csrf, class: "compact", confirm: confirm, fields + [
                .hidden("to", next.rawValue),
                .hidden("return_to", moves.returnTo),
                .button(Formats.label(next.rawValue), class: next == .cancelled ? "button danger small" : "button secondary small"),
            ])
        })
    }
}
