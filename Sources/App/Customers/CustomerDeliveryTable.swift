import Foundation

/// A customer's delivery history as seed 000's "Delivery History" shows it: task id and type, status, pickup and
/// drop-off, agent, payment and amount, created and completed — one row per task, stacked into cards at phone width.
enum CustomerDeliveryTable {
    static func table(_ tasks: [DeliveryTask.Public]) -> HTML {
        let head: [HTML] = [.th("Task"), .th("Status"), .th("Pickup"), .th("Drop-off"), .th("Agent"), .th("Payment"),
                            .element("th", ["scope": "col", "class": "num"], [.text("Amount")]), .th("Created"), .th("Completed")]
        let rows: [HTML] = tasks.map { item -> HTML in
            let t = item.task
            return .element("tr", ["id": "delivery-\(t.id!.canonicalString)"], [
                .td([.element("code", ["title": t.id!.canonicalString], [.text(shortID(t))]), .text(" "),
                     .span(Formats.label(t.type), class: "muted")], class: "primary"),
                .td([.span(Formats.label(t.status), class: "status \(t.status)")]),
                .td(place(t.pickupJSON), label: "Pickup"),
                .td(place(t.dropoffJSON), label: "Drop-off"),
                .td(t.agentID.flatMap { item.names.agents[$0] } ?? "—", label: "Agent"),
                .td(t.paymentMethod.map(Formats.label) ?? "—", label: "Payment"),
                .td(t.amountMinor.map { Money.decimalString(minorUnits: $0) + " " + (t.currency ?? "") } ?? "—",
                    label: "Amount", class: "num"),
                .td(Formats.dateTime(t.createdAt), label: "Created"),
                .td(Formats.dateTime(t.completedAt), label: "Completed"),
            ])
        }
        return .table(caption: "Delivery history", head: head, rows: rows, stacked: true)
    }

    /// The task's tracking code when it has one (what the customer and the courier quote), else the id's first block.
    static func shortID(_ task: DeliveryTask) -> String {
        task.trackingCode ?? String(task.id!.canonicalString.prefix(8))
    }

    private static func place(_ json: String?) -> String {
        guard let location = TaskLocation.decode(json) else { return "—" }
        let text = location.formatted ?? [location.line1, location.city].compactMap { $0 }.joined(separator: ", ")
        return text.isEmpty ? "—" : text
    }
}
