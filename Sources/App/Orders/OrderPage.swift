import Foundation

/// One order: its figures, its tasks with their status moves, and a form to create a task at one of the
/// customer's saved addresses.
enum OrderPage {
    struct Model {
        var order: Order
        var tasks: [DeliveryTask.Public]
        var addresses: [Address]
        /// The organization's teams (a courier's), for the new task's team; none leaves the select out.
        var teams: [Team] = []
        var canCreateTask: Bool
        var moves: TasksPage.Moves
        var errors = FormErrors()
        var values: [String: String] = [:]
    }

    static let taskFields: Set<String> = ["type", "address_id", "notes", "amount", "dropoff", "pickup", "customer_id", "order_id", "team_id"]

    static func page(_ m: Model) -> WebPage {
        let o = m.order
        let rows: [(String, String)] = [
            ("Customer", o.contactName ?? "Guest"), ("Status", Formats.label(o.status)),
            ("Payment", Formats.label(o.paymentStatus) + (o.paymentMethod.map { " · \($0)" } ?? "")),
            ("Amount", Money.decimalString(minorUnits: o.amountMinor) + " " + o.currency),
            ("Placed", Formats.dateTime(o.placedAt)), ("Platform", o.platform),
        ]
        return WebPage(title: "Order \(o.number)", breadcrumbs: [("Orders", "/orders"), (o.number, nil)], content: [
            .h1("Order \(o.number)"),
            .div(["class": "columns"], [
                .section(["class": "card", "aria-labelledby": "order-tasks"], [
                    .h2("Tasks", id: "order-tasks"),
                    m.tasks.isEmpty ? .p("No tasks yet.", class: "muted") : TasksPage.table(m.tasks, moves: m.moves),
                ]),
                .div([:], [
                    .div(["class": "card"], [
                        .h2("Details"),
                        .element("dl", ["class": "details"], rows.flatMap { [HTML.element("dt", [:], [.text($0.0)]), .element("dd", [:], [.text($0.1)])] }),
                        o.customerID.map { .link("Open the customer", to: "/customers/\($0.canonicalString)") } ?? .empty,
                    ]),
                    m.canCreateTask ? newTask(m) : .empty,
                ]),
            ]),
        ])
    }

    private static func newTask(_ m: Model) -> HTML {
        let action = "/orders/\(m.order.id!.canonicalString)/tasks"
        guard m.order.customerID != nil else { return .empty }
        return .postForm(action, csrf: m.moves.csrf, class: "card", [
            .h2("New task"),
            .errorSummary(m.errors),
            .select("Type", name: "type", options: TaskType.allCases.filter { $0 != .job }.map { ($0.rawValue, Formats.label($0.rawValue)) },
                    selected: m.values["type"] ?? "delivery", errors: m.errors),
            m.addresses.isEmpty
                ? .p("The customer has no saved address yet; add one on the customer page first.", class: "muted")
                : .select("Address", name: "address_id",
                          options: m.addresses.map { ($0.id!.canonicalString, ($0.label.map { "\($0): " } ?? "") + $0.formatted) },
                          selected: m.values["address_id"], errors: m.errors),
            m.teams.isEmpty ? .empty : .select("Team", name: "team_id",
                                               options: [("", "No team")] + m.teams.map { ($0.id!.canonicalString, $0.name) },
                                               selected: m.values["team_id"], errors: m.errors),
            .field("Amount to collect", name: "amount", value: m.values["amount"], errors: m.errors, hint: "Cash tasks only, e.g. 12.50"),
            .textArea("Notes for the agent", name: "notes", value: m.values["notes"], errors: m.errors),
            .div(["class": "actions"], [.button("Create task")]),
        ])
    }
}
