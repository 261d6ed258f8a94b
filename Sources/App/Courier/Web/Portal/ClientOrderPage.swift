import Foundation

/// `/client/orders/{id}`: one order — its reference and recipient, its pickup and delivery with their live status, and
/// the tracking link to pass on to the recipient.
enum ClientOrderPage {
    static func page(_ order: ClientOrderView, time: PortalDateTime) -> WebPage {
        let progress = order.deliveryStatus ?? order.status
        let recipient = [order.recipient.name, order.recipient.phone, order.recipient.email].compactMap { $0 }.joined(separator: " · ")
        var details: [HTML] = [
            .element("dt", [:], [.text("Delivery")]),
            .element("dd", [:], [.span(Formats.label(progress), class: "status \(progress)")]),
            .element("dt", [:], [.text("Recipient")]), .element("dd", [:], [.text(recipient.isEmpty ? "—" : recipient)]),
            .element("dt", [:], [.text("Placed")]), .element("dd", [:], [.text(time.display(order.createdAt))]),
        ]
        if let reference = order.reference {
            details += [.element("dt", [:], [.text("Your reference")]), .element("dd", [:], [.text(reference)])]
        }
        let tasks = order.tasks.filter { $0.type != TaskType.job.rawValue }
        return WebPage(title: "Order \(order.number)", breadcrumbs: [("Orders", "/client"), ("Order \(order.number)", nil)], content: [
            .h1("Order \(order.number)"),
            .section(["class": "card", "aria-labelledby": "order-summary"], [
                .h2("Summary", id: "order-summary"),
                .element("dl", ["class": "details"], details),
                tracking(order.trackingUrl),
            ]),
            .section(["aria-labelledby": "order-tasks"], [
                .h2("Pickup and delivery", id: "order-tasks"),
                tasks.isEmpty ? .div(["class": "card empty"], [.p("No tasks yet.")])
                    : .div(["id": "order-task-table", "data-refresh": "15"], [
                        ClientTaskTable.table(tasks, time: time, showOrder: false, caption: "Pickup and delivery of order \(order.number)"),
                    ]),
            ]),
        ])
    }

    private static func tracking(_ url: String?) -> HTML {
        guard let url else { return .empty }
        return .div(["class": "tracking-link"], [
            .p([:], [.text("Tracking page: "), .link(url, to: url)]),
            .p("Share this link with the recipient: it shows the delivery’s status with your logo and colour.", class: "hint"),
        ])
    }
}
