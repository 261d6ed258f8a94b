import Vapor

/// The public tracking page of a task (`/track/{code}`): no cookies, cacheable for a few seconds.
enum TrackingPage {
    static func render(_ view: TrackingView) -> Response {
        let title = "Your delivery from \(view.organizationName)"
        var content: [HTML] = [.h1(title)]
        if let firstName = view.firstName { content.append(.p("For \(firstName)", class: "muted")) }
        content.append(.p("Status: \(label(view.status))", class: "status"))
        if let eta = view.eta { content.append(.p("Expected by \(ETAFormat.string(eta, timeZone: view.timezone))")) }
        content.append(.h2("Progress"))
        content.append(.ul([:], view.moves.map { move in
            .element("li", [:], [.text("\(label(move.status)) — \(ETAFormat.string(move.at, timeZone: view.timezone))")])
        }))
        if !view.messages.isEmpty {
            content.append(.h2("Messages"))
            content.append(.ul([:], view.messages.map { message in
                .element("li", [:], [.text("\(ETAFormat.string(message.at, timeZone: view.timezone)): \(message.body)")])
            }))
        }
        return cacheable(Layout.response(WebPage(title: title, content: [.div(["class": "card"], content)]), context: nil))
    }

    static func notFound() -> Response {
        cacheable(Layout.response(WebPage(title: "Not found", content: [.div(["class": "card"], [
            .h1("Not found"), .p("There is no delivery with this tracking link. It may have been copied incompletely."),
        ])]), context: nil, status: .notFound))
    }

    private static func cacheable(_ response: Response) -> Response {
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=5")
        return response
    }

    static func label(_ status: String) -> String {
        switch TaskStatus(rawValue: status) {
        case .new?, .awaitingAssignment?: "Received"
        case .assigned?: "Driver assigned"
        case .accepted?: "Driver on the way to pick up"
        case .inTransit?: "On its way"
        case .completed?: "Delivered"
        case .cancelled?: "Cancelled"
        case nil: status
        }
    }
}
