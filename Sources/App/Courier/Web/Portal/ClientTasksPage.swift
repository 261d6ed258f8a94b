import Foundation

/// `/client/tasks`: every task of the client's orders, newest first, with status and type filters kept in the query
/// string; the table refreshes itself every 15 seconds when the script runs.
enum ClientTasksPage {
    static let keys = ["status", "type", "page", "cursor", "per_page"]
    static let types: [TaskType] = [.pickup, .delivery, .job]

    static func page(_ tasks: Page<ClientTaskView>?, query: [String: String], problem: String?, time: PortalDateTime) -> WebPage {
        WebPage(title: "Tasks", content: [
            .h1("Tasks"),
            .element("form", ["method": "get", "action": "/client/tasks", "class": "card filters"], [
                .select("Status", name: "status", options: [("", "Any status")] + TaskStatus.allCases.map { ($0.rawValue, Formats.label($0.rawValue)) },
                        selected: query["status"]),
                .select("Type", name: "type", options: [("", "Any type")] + types.map { ($0.rawValue, Formats.label($0.rawValue)) },
                        selected: query["type"]),
                .div(["class": "field"], [.button("Filter")]),
            ]),
            problem.map { .div(["class": "flash error", "role": "alert"], [.text($0)]) } ?? .empty,
            list(tasks, query: query, time: time),
        ])
    }

    private static func list(_ tasks: Page<ClientTaskView>?, query: [String: String], time: PortalDateTime) -> HTML {
        guard let tasks else { return .empty }
        return .div(["id": "client-task-list", "data-refresh": "15"], [
            tasks.data.isEmpty ? .div(["class": "card empty"], [.p("No tasks match.")])
                : ClientTaskTable.table(tasks.data, time: time, showOrder: true, caption: "Tasks, newest first"),
            .p("Statuses as of \(time.display(Date())).", class: "hint"),
            ListPager.pager(tasks.page, perPage: tasks.perPage, total: tasks.total, count: tasks.data.count,
                            nextCursor: tasks.nextCursor, base: "/client/tasks", query: query),
        ])
    }
}
