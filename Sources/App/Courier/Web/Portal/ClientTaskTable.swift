import Foundation

/// A client's tasks as a table: what, its status, where, when, the driver. Shared by an order's page and the tasks page.
enum ClientTaskTable {
    static func table(_ tasks: [ClientTaskView], time: PortalDateTime, showOrder: Bool, caption: String) -> HTML {
        var head: [HTML] = [.th("Task and status")]
        if showOrder { head.append(.th("Order")) }
        head += [.th("Where"), .th("When"), .th("Driver"), .th("Updated")]
        let rows = tasks.map { task -> HTML in
            var cells: [HTML] = [
                .td([.text(Formats.label(task.type)), .text(" "), .span(Formats.label(task.status), class: "status \(task.status)")],
                    class: "primary"),
            ]
            if showOrder {
                cells.append(.element("td", ["data-label": "Order"], [
                    task.orderId.map { HTML.link(task.orderNumber ?? "Order", to: "/client/orders/\($0.canonicalString)") } ?? .text("—"),
                ]))
            }
            let place = task.type == TaskType.pickup.rawValue ? task.pickup : task.dropoff ?? task.pickup
            let window = task.type == TaskType.pickup.rawValue ? task.pickupWindow : task.dropoffWindow
            cells += [
                .td(place.map(address) ?? "—", label: "Where"),
                .td(time.window(window.start, window.end), label: "When"),
                .td(task.driverName ?? "—", label: "Driver"),
                .td(task.completedAt.map { "Completed " + time.display($0) } ?? time.display(task.updatedAt ?? task.createdAt), label: "Updated"),
            ]
            return .element("tr", ["id": "task-\(task.id.canonicalString)"], cells)
        }
        return .table(caption: caption, head: head, rows: rows, stacked: true)
    }

    static func address(_ place: TaskLocation) -> String {
        place.formatted ?? [place.line1, place.city].compactMap { $0 }.joined(separator: ", ")
    }
}
